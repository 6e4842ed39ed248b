package io.steadyflow.ai;

/**
 * A technical failure of an AI step: the model could not be reached, took too long,
 * answered something that is not the agreed output, or the step is configured wrongly. It
 * is never turned into a default answer: the job fails, the engine retries it, and after
 * the last retry an operator sees an incident.
 */
public class AiFailure extends RuntimeException {

	public AiFailure(String message) {
		super(message);
	}

	public AiFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
