package io.steadyflow.readiness;

import java.util.List;
import java.util.stream.Collectors;

import org.flowable.common.engine.api.FlowableIllegalArgumentException;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * A deployment that the readiness gate refused because at least one of its BPMN files has
 * errors. Thrown from inside the engine's deploy path, so it reaches every caller of
 * {@code RepositoryService.createDeployment()...deploy()}, whichever API they came
 * through; nothing of the deployment is stored. Over HTTP it is a 422 with every file's
 * findings ({@link ErrorResponse}), from Steadyflow's API and from Flowable's alike.
 */
public class DeploymentRefusedException extends FlowableIllegalArgumentException implements ErrorResponse {

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

	@Override
	public HttpStatusCode getStatusCode() {
		return HttpStatus.UNPROCESSABLE_ENTITY;
	}

	@Override
	public ProblemDetail getBody() {
		long errors = this.reports.stream().mapToLong(FileReport::errorCount).sum();
		List<String> files = this.reports.stream().filter(FileReport::hasErrors).map(FileReport::fileName).toList();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(getStatusCode(),
				"Nothing was deployed: " + errors + " readiness error(s) in " + String.join(", ", files)
						+ ". See 'files' for each finding and how to fix it.");
		problem.setTitle("Not production-ready");
		problem.setProperty("files", this.reports);
		return problem;
	}

	private static String describe(List<FileReport> reports) {
		return "Deployment refused by the readiness check:" + System.lineSeparator()
				+ reports.stream()
					.filter(FileReport::hasErrors)
					.map((report) -> report.toLogBlock())
					.collect(Collectors.joining(System.lineSeparator()));
	}

}
