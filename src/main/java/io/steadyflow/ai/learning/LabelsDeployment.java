package io.steadyflow.ai.learning;

/**
 * Deploys a new version of a process's labels file through the deployment gate: the
 * diagram of the latest version with the new file, as a new version of the process. Done
 * by the deployment capability (this package does not deploy by itself).
 */
public interface LabelsDeployment {

	/**
	 * @param processKey the process
	 * @param labelsFile the labels file's name
	 * @param content the new content
	 * @param name the deployment's name
	 * @return the new deployment
	 */
	Deployed deploy(String processKey, String labelsFile, byte[] content, String name);

	/**
	 * @param deploymentId the engine deployment
	 * @param processDefinitionVersion the process's new version
	 */
	record Deployed(String deploymentId, int processDefinitionVersion) {
	}

}
