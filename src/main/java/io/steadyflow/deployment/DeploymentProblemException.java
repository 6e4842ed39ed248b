package io.steadyflow.deployment;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.steadyflow.bpmn.InvalidBpmnException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A deployment request with one or more files that cannot be deployed; nothing of it was.
 */
public class DeploymentProblemException extends RuntimeException {

	private final List<InvalidBpmnException> problems;

	DeploymentProblemException(List<InvalidBpmnException> problems) {
		super(problems.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	public List<InvalidBpmnException> getProblems() {
		return this.problems;
	}

	/**
	 * The 400 answer: every file with its problem and, where known, its line. Nothing was
	 * deployed.
	 */
	public ProblemDetail toProblemDetail() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Nothing was deployed. " + getMessage());
		problem.setTitle("Invalid BPMN file");
		problem.setProperty("errors",
				this.problems.stream()
					.map((p) -> (p.getLine() != null)
							? Map.of("file", p.getFileName(), "line", p.getLine(), "problem", p.getProblem())
							: Map.of("file", p.getFileName(), "problem", p.getProblem()))
					.toList());
		return problem;
	}

}
