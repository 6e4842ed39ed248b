package io.steadyflow.operations;

/**
 * An application event, published after the transaction that recorded a service-level
 * breach committed (once per instance and scope, whichever node ran the check).
 *
 * @param processDefinitionKey the process key
 * @param processDefinitionVersion its version
 * @param activityId the user task's id for a task's service level, {@code null} for the
 * process's own
 */
public record SlaBreached(String processDefinitionKey, int processDefinitionVersion, String activityId) {
}
