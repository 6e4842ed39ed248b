package io.steadyflow.deployment;

import java.time.Instant;
import java.util.List;

import io.steadyflow.readiness.FileReport;

/**
 * What a deployment request produced.
 *
 * @param deploymentId the engine deployment holding the files
 * @param name the deployment name (the file name, or the file names joined)
 * @param deployedAt when the deployment was made
 * @param newVersion {@code false} when every file was identical to the latest deployment
 * of the same name, so no new version was created
 * @param processDefinitions the definitions in the deployment
 * @param warnings readiness findings (warnings and notes) of the files that have any
 */
public record DeploymentResult(String deploymentId, String name, Instant deployedAt, boolean newVersion,
		List<DeployedDefinition> processDefinitions, List<FileReport> warnings) {
}
