package io.steadyflow.tasks;

import java.time.Instant;

/**
 * A task as the task list shows it.
 *
 * @param id the task id
 * @param name the task name
 * @param taskDefinitionKey the user task's BPMN id
 * @param processDefinitionKey the process key
 * @param processInstanceId the instance it belongs to
 * @param businessKey the instance's business key
 * @param assignee who holds it; {@code null} while it is offered to candidates
 * @param created when it was created
 * @param due when it is due
 * @param priority the priority (50 is normal)
 * @param formKey the form to complete it with
 * @param description what to do (the user task's documentation in the BPMN)
 */
public record TaskView(String id, String name, String taskDefinitionKey, String processDefinitionKey,
		String processInstanceId, String businessKey, String assignee, Instant created, Instant due, int priority,
		String formKey, String description) {
}
