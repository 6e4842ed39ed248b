package io.steadyflow.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.steadyflow.ai.LabelsFile;
import io.steadyflow.ai.learning.LabelsDeployment;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.system.ProblemException;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Service;

/**
 * Deploys a new labels version through the one deployment gate ({@link ProcessDeployer}):
 * the diagram of the process's latest version and the labels files deployed with it, the
 * one replaced by its new content. Under a name of its own, so that the start-up
 * deployment of the processes folder (which compares with the last deployment of the
 * file's name) does not take it for a change and deploy the folder's older examples over
 * it.
 */
@Service
class LearnedLabelsDeployment implements LabelsDeployment {

	private final ProcessDeployer deployer;

	private final RepositoryService repositoryService;

	LearnedLabelsDeployment(ProcessDeployer deployer, RepositoryService repositoryService) {
		this.deployer = deployer;
		this.repositoryService = repositoryService;
	}

	@Override
	public Deployed deploy(String processKey, String labelsFile, byte[] content, String name) {
		ProcessDefinition latest = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(processKey)
			.latestVersion()
			.singleResult();
		if (latest == null) {
			throw ProblemException.notFound("No process '" + processKey + "' is deployed.");
		}
		List<BpmnSource> files = new ArrayList<>();
		files.add(
				new BpmnSource(latest.getResourceName(), resource(latest.getDeploymentId(), latest.getResourceName())));
		for (String resource : this.repositoryService.getDeploymentResourceNames(latest.getDeploymentId())) {
			if (LabelsFile.isLabelsFileName(resource) && !resource.equals(labelsFile)) {
				files.add(new BpmnSource(resource, resource(latest.getDeploymentId(), resource)));
			}
		}
		files.add(new BpmnSource(labelsFile, content));
		DeploymentResult result = this.deployer.deploy(files, name);
		int version = result.processDefinitions()
			.stream()
			.filter((definition) -> processKey.equals(definition.key()))
			.mapToInt(DeployedDefinition::version)
			.findFirst()
			.orElse(latest.getVersion());
		return new Deployed(result.deploymentId(), version);
	}

	private byte[] resource(String deploymentId, String name) {
		try (InputStream in = this.repositoryService.getResourceAsStream(deploymentId, name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
