package io.steadyflow.operations;

import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/** A service task that always fails, as a system that is down would. */
public class AlwaysFailingStep implements JavaDelegate {

	static final String MESSAGE = "The order system answered 503 Service Unavailable";

	@Override
	public void execute(DelegateExecution execution) {
		throw new IllegalStateException(MESSAGE);
	}

}
