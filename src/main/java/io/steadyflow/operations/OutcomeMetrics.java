package io.steadyflow.operations;

import io.steadyflow.metrics.WorkflowMetrics;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts this capability's own events in Steadyflow's metrics. They are published after
 * the transaction that ended the instance or recorded the breach committed, once per
 * fact, so they are counted as they arrive. The listener lives here rather than in
 * {@code metrics} because the tools record into {@code metrics} and this capability
 * depends on the tools (incident mails): {@code metrics} depending on {@code operations}
 * would close a cycle.
 */
@Component
class OutcomeMetrics {

	/** The {@code activity} label of a breach of the process's own service level. */
	static final String PROCESS_LEVEL = "none";

	private final WorkflowMetrics metrics;

	OutcomeMetrics(WorkflowMetrics metrics) {
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
				(breach.activityId() != null) ? breach.activityId() : PROCESS_LEVEL);
	}

}
