package io.steadyflow.tools;

/**
 * A technical failure of a tool call: the other system did not answer in time, could not
 * be reached, answered 5xx, or the step is configured wrongly. The engine rolls the step
 * back and retries its job; after the last retry the job becomes a dead-letter job (an
 * incident) for an operator. Business refusals are {@code BpmnError}s instead.
 */
public class ToolFailure extends RuntimeException {

	public ToolFailure(String message) {
		super(message);
	}

	public ToolFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
