package io.steadyflow.operations;

import java.time.Duration;

/**
 * An application event, published after the transaction that ended a process instance
 * committed: how it ended. For counters and histograms (bounded labels only: never the
 * instance id).
 *
 * @param processDefinitionKey the process key
 * @param processDefinitionVersion its version
 * @param outcome the outcome class ({@code done}, {@code rejected}, ..., or
 * {@code unknown})
 * @param endActivityId the end event reached, or {@code null} when the instance was
 * cancelled
 * @param duration from start to end
 */
public record InstanceEnded(String processDefinitionKey, int processDefinitionVersion, String outcome,
		String endActivityId, Duration duration) {
}
