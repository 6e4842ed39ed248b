package io.steadyflow.operations;

import java.time.Instant;

/**
 * An incident: a job that failed on every retry and now waits as a dead-letter job. The
 * instance waits at {@code activityId} with nothing lost until an operator retries it or
 * cancels the instance.
 *
 * @param id the dead-letter job's id (used to retry and to read the stack trace)
 * @param processDefinitionKey the process (file name in processes/)
 * @param processDefinitionId the deployed version
 * @param processInstanceId the waiting instance
 * @param businessKey the instance's business key, if any
 * @param activityId the step that failed
 * @param activityName its name
 * @param errorMessage the last failure's message
 * @param time when the job became an incident
 * @param retriesLeft retries the job has left (0 for an incident)
 * @param instanceLink the instance's page
 */
public record IncidentView(String id, String processDefinitionKey, String processDefinitionId, String processInstanceId,
		String businessKey, String activityId, String activityName, String errorMessage, Instant time, int retriesLeft,
		String instanceLink) {
}
