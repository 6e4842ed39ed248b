package io.steadyflow.deployment;

import java.util.List;

import io.steadyflow.system.ProblemException;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Component;

/**
 * The deployed process definitions, as the REST API and the modeler list them.
 */
@Component
public class DeployedDefinitions {

	private final RepositoryService repositoryService;

	DeployedDefinitions(RepositoryService repositoryService) {
		this.repositoryService = repositoryService;
	}

	/** The latest version of every deployed process, by key. */
	public List<DeployedDefinition> latest() {
		return this.repositoryService.createProcessDefinitionQuery()
			.latestVersion()
			.orderByProcessDefinitionKey()
			.asc()
			.list()
			.stream()
			.map(DeployedDefinition::of)
			.toList();
	}

	/**
	 * The latest version of one process.
	 * @throws ProblemException 404 for a key that is not deployed
	 */
	public DeployedDefinition latest(String key) {
		ProcessDefinition definition = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		if (definition == null) {
			throw unknown(key);
		}
		return DeployedDefinition.of(definition);
	}

	/**
	 * Every version of one process, newest first.
	 * @throws ProblemException 404 for a key that is not deployed
	 */
	public List<DeployedDefinition> versions(String key) {
		List<DeployedDefinition> versions = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.orderByProcessDefinitionVersion()
			.desc()
			.list()
			.stream()
			.map(DeployedDefinition::of)
			.toList();
		if (versions.isEmpty()) {
			throw unknown(key);
		}
		return versions;
	}

	/** The 404 for a process key that is not deployed. */
	public static ProblemException unknown(String key) {
		return ProblemException.notFound("No process with key '" + key + "' is deployed.");
	}

}
