package io.steadyflow.readiness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.steadyflow.ai.LabelsFile;
import io.steadyflow.bpmn.BpmnSource;
import org.flowable.common.engine.api.repository.EngineDeployment;
import org.flowable.common.engine.api.repository.EngineResource;
import org.flowable.common.engine.impl.EngineDeployer;

/**
 * The deploy gate inside the engine: a deployer that runs before Flowable's own BPMN
 * deployer, inside the same transaction, for every new deployment whatever route it took
 * (Steadyflow's API, Flowable's REST API, {@code RepositoryService} in Java). A BPMN file
 * with errors throws {@link DeploymentRefusedException}, which rolls the deployment back.
 * <p>
 * Flowable's {@code disableBpmnValidation()} on a deployment builder does not skip this
 * gate.
 */
class ReadinessDeployGate implements EngineDeployer {

	private final ReadinessLinter linter;

	ReadinessDeployGate(ReadinessLinter linter) {
		this.linter = linter;
	}

	@Override
	public void deploy(EngineDeployment deployment, Map<String, Object> deploymentSettings) {
		// The engine also "deploys" stored deployments again to fill its cache after a
		// restart or on a cache miss. Those were checked when they arrived; refusing them
		// now (say, after a configuration change) would break running instances.
		if (!deployment.isNew()) {
			return;
		}
		List<FileReport> reports = new ArrayList<>();
		Set<String> resourceNames = Set.copyOf(deployment.getResources().keySet());
		Map<String, byte[]> labelsFiles = new HashMap<>();
		deployment.getResources()
			.values()
			.stream()
			.filter((resource) -> LabelsFile.isLabelsFileName(resource.getName()))
			.forEach((resource) -> labelsFiles.put(resource.getName(), resource.getBytes()));
		for (EngineResource resource : deployment.getResources().values()) {
			if (BpmnSource.isBpmnFileName(resource.getName())) {
				reports.add(this.linter.lint(new BpmnSource(resource.getName(), resource.getBytes()), resourceNames,
						labelsFiles));
			}
			else if (LabelsFile.isLabelsFileName(resource.getName())) {
				labelsFileReport(resource).ifPresent(reports::add);
			}
		}
		if (reports.stream().anyMatch(FileReport::hasErrors)) {
			throw new DeploymentRefusedException(reports);
		}
	}

	/**
	 * A labels file that arrived by another route than Steadyflow's API (which checks it
	 * first) is checked here, so that no deployment carries examples a classify step
	 * cannot read.
	 */
	private static Optional<FileReport> labelsFileReport(EngineResource resource) {
		List<LabelsFile.Problem> problems = LabelsFile.problems(resource.getBytes());
		if (problems.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new FileReport(resource.getName(), problems.stream()
			.map((problem) -> new Finding(ReadinessRule.AI_CONFIG.id(), Severity.ERROR, null, null, null,
					problem.line(), "The labels file " + problem,
					"Write it as {\"labels\": {\"<label>\": [\"example text\", ...], ...}} with at least two labels of at least "
							+ LabelsFile.MIN_EXAMPLES
							+ " different example texts each, optionally {\"unsure\": [\"text without evidence\", ...]}."))
			.toList()));
	}

	@Override
	public void undeploy(EngineDeployment parentDeployment, boolean cascade) {
		// nothing was stored by the gate
	}

}
