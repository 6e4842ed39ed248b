package io.steadyflow.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.DeploymentBuilder;
import org.flowable.engine.impl.persistence.entity.DeploymentEntity;

import org.springframework.stereotype.Service;

/**
 * The one way BPMN files become deployed process definitions: every file is read safely
 * and checked first; all files of one request go into a single engine deployment, so a
 * request is deployed whole or not at all. Identical re-deployments are filtered by name,
 * so deploying unchanged files creates no new versions.
 */
@Service
public class ProcessDeployer {

	private final RepositoryService repositoryService;

	private final SafeBpmnReader reader;

	ProcessDeployer(RepositoryService repositoryService, SafeBpmnReader reader) {
		this.repositoryService = repositoryService;
		this.reader = reader;
	}

	/**
	 * Deploy the files as one deployment.
	 * @param files the BPMN files
	 * @param name the deployment name; re-deploying identical files under the same name
	 * is a no-op
	 * @throws DeploymentProblemException naming every file that cannot be deployed and
	 * why
	 */
	public DeploymentResult deploy(List<BpmnSource> files, String name) {
		List<InvalidBpmnException> problems = new ArrayList<>();
		Set<String> resourceNames = new HashSet<>();
		for (BpmnSource file : files) {
			try {
				this.reader.read(file);
			}
			catch (InvalidBpmnException ex) {
				problems.add(ex);
			}
			if (!resourceNames.add(resourceName(file))) {
				problems.add(new InvalidBpmnException(file.fileName(), null,
						"a file with the same name is already part of this request"));
			}
		}
		if (!problems.isEmpty()) {
			throw new DeploymentProblemException(problems);
		}
		DeploymentBuilder builder = this.repositoryService.createDeployment().name(name).enableDuplicateFiltering();
		files.forEach((file) -> builder.addBytes(resourceName(file), file.content()));
		Deployment deployment = builder.deploy();
		boolean created = !(deployment instanceof DeploymentEntity entity) || entity.isNew();
		List<DeployedDefinition> definitions = this.repositoryService.createProcessDefinitionQuery()
			.deploymentId(deployment.getId())
			.orderByProcessDefinitionKey()
			.asc()
			.list()
			.stream()
			.map(DeployedDefinition::of)
			.toList();
		return new DeploymentResult(deployment.getId(), deployment.getName(),
				deployment.getDeploymentTime().toInstant(), created, definitions);
	}

	/**
	 * Resources are stored under their base name; the engine picks BPMN files by suffix.
	 */
	static String resourceName(BpmnSource file) {
		String name = file.fileName();
		int cut = Math.max(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')), name.lastIndexOf('!'));
		return name.substring(cut + 1);
	}

}
