package io.steadyflow.deployment;

import org.flowable.engine.repository.ProcessDefinition;

/**
 * A deployed process definition as the API shows it.
 *
 * @param id the engine's definition id (key:version:uuid)
 * @param key the process id in the BPMN file
 * @param name the process name
 * @param version the version number, counting from 1 per key
 * @param deploymentId the deployment that created this version
 * @param resourceName the file it came from
 */
public record DeployedDefinition(String id, String key, String name, int version, String deploymentId,
		String resourceName) {

	static DeployedDefinition of(ProcessDefinition definition) {
		return new DeployedDefinition(definition.getId(), definition.getKey(), definition.getName(),
				definition.getVersion(), definition.getDeploymentId(), definition.getResourceName());
	}

}
