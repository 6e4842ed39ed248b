package io.steadyflow.deployment;

import java.util.List;
import java.util.stream.Collectors;

import io.steadyflow.bpmn.InvalidBpmnException;

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

}
