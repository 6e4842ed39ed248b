package io.steadyflow.metrics;

import io.steadyflow.operations.InstanceEnded;
import io.steadyflow.operations.SlaBreached;

import org.springframework.context.event.EventListener;

/**
 * Counts the operations capability's events. They are published after the transaction
 * that ended the instance or recorded the breach committed, once per fact, so they are
 * counted as they arrive.
 */
class OperationsEventMetrics {

	private final WorkflowMetrics metrics;

	OperationsEventMetrics(WorkflowMetrics metrics) {
		this.metrics = metrics;
	}

	@EventListener
	void instanceEnded(InstanceEnded ended) {
		this.metrics.instanceEnded(ended.processDefinitionKey(), ended.processDefinitionVersion(),
				(ended.outcome() != null) ? ended.outcome() : WorkflowMetrics.UNKNOWN, ended.duration());
	}

	@EventListener
	void slaBreached(SlaBreached breach) {
		this.metrics.slaBreached(breach.processDefinitionKey(), breach.processDefinitionVersion(),
				(breach.activityId() != null) ? breach.activityId() : "none");
	}

}
