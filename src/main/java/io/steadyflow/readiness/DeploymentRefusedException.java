package io.steadyflow.readiness;

import java.util.List;
import java.util.stream.Collectors;

import org.flowable.common.engine.api.FlowableIllegalArgumentException;

/**
 * A deployment that the readiness gate refused because at least one of its BPMN files has
 * errors. Thrown from inside the engine's deploy path, so it reaches every caller of
 * {@code RepositoryService.createDeployment()...deploy()}, whichever API they came
 * through; nothing of the deployment is stored.
 */
public class DeploymentRefusedException extends FlowableIllegalArgumentException {

	private final transient List<FileReport> reports;

	public DeploymentRefusedException(List<FileReport> reports) {
		super(describe(reports));
		this.reports = List.copyOf(reports);
	}

	/**
	 * The reports of every BPMN file of the deployment, those without errors included.
	 */
	public List<FileReport> getReports() {
		return this.reports;
	}

	private static String describe(List<FileReport> reports) {
		return "Deployment refused by the readiness check:" + System.lineSeparator()
				+ reports.stream()
					.filter(FileReport::hasErrors)
					.map((report) -> report.toLogBlock())
					.collect(Collectors.joining(System.lineSeparator()));
	}

}
