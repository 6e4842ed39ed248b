package io.steadyflow.instances;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.steadyflow.ai.learning.Misroutes.Misroute;

/**
 * A process instance as people need to see it: where it stands, what it knows and what
 * happened.
 *
 * @param id the process instance id
 * @param processDefinitionKey the process key
 * @param processDefinitionVersion the version it runs on
 * @param processDefinitionName the process name
 * @param businessKey the business key
 * @param state {@code running}, {@code suspended}, {@code completed} or {@code cancelled}
 * @param startedBy the user who started it
 * @param startedVia the trigger that started it without a user, e.g.
 * {@code webhook system-a-order (delivery 42)},
 * {@code queue orders.created (message m-1)} or
 * {@code message returnRequested (sent by clara)}; {@code null} when a user started it
 * (REST or the start page)
 * @param startTime when it started
 * @param endTime when it ended
 * @param endReason why it was cancelled
 * @param currentActivities the steps it waits in
 * @param openTasks the human tasks waiting
 * @param variables the process variables
 * @param history every completed step, oldest first
 * @param taskLog what people did with the tasks (created, claimed, handed over,
 * completed), oldest first
 * @param comments comments on the instance's tasks, oldest first
 * @param aiResults what the instance's AI steps said, oldest first
 * @param outcome how it ended, {@code null} while it runs
 * @param slaBreaches the service levels it (or one of its tasks) passed, oldest first
 * @param misroutes the times people sent back work an AI step had routed on its own,
 * oldest first
 */
public record InstanceView(String id, String processDefinitionKey, Integer processDefinitionVersion,
		String processDefinitionName, String businessKey, String state, String startedBy, String startedVia,
		Instant startTime, Instant endTime, String endReason, List<Activity> currentActivities,
		List<OpenTask> openTasks, Map<String, Object> variables, List<Step> history, List<TaskLogEntry> taskLog,
		List<Comment> comments, List<AiResult> aiResults, Outcome outcome, List<SlaBreach> slaBreaches,
		List<Misroute> misroutes) {

	/**
	 * How an ended instance ended (docs/operations.md).
	 *
	 * @param endActivityId the end event it reached, {@code null} when cancelled
	 * @param endActivityName that end event's name
	 * @param outcomeClass the end event's {@code sf:outcome} ({@code done},
	 * {@code rejected}, {@code cancelled}, {@code failed}, {@code escalated}), or
	 * {@code unknown} when it declares none
	 */
	public record Outcome(String endActivityId, String endActivityName, String outcomeClass) {
	}

	/**
	 * A service level ({@code sf:sla}) the instance or one of its tasks passed.
	 *
	 * @param activityId the user task's BPMN id, {@code null} for the process's own
	 * @param name the task's or the process's name
	 * @param sla the service level (ISO-8601)
	 * @param dueAt when it ran out
	 * @param breachedAt when the breach was recorded
	 */
	public record SlaBreach(String activityId, String name, String sla, Instant dueAt, Instant breachedAt) {
	}

	/**
	 * @param activityId the BPMN element id
	 * @param name the BPMN element name
	 * @param type the BPMN element type
	 * @param since when the instance arrived there
	 */
	public record Activity(String activityId, String name, String type, Instant since) {
	}

	/**
	 * @param id the task id
	 * @param taskDefinitionKey the user task's BPMN id
	 * @param name the task name
	 * @param assignee who holds it
	 * @param created when it was created
	 * @param due when it is due
	 */
	public record OpenTask(String id, String taskDefinitionKey, String name, String assignee, Instant created,
			Instant due) {
	}

	/**
	 * @param activityId the BPMN element id
	 * @param name the BPMN element name
	 * @param type the BPMN element type
	 * @param startTime when the step started
	 * @param endTime when it ended
	 * @param completedBy for human steps: who completed it
	 * @param outcome for decisions: the outcome chosen
	 * @param reason for decisions: the reason given
	 */
	public record Step(String activityId, String name, String type, Instant startTime, Instant endTime,
			String completedBy, String outcome, String reason) {
	}

	/**
	 * @param time when it happened
	 * @param taskId the task
	 * @param taskName the task's name
	 * @param type what happened: Flowable's task log type, e.g.
	 * {@code USER_TASK_ASSIGNEE_CHANGED}
	 * @param userId who did it
	 * @param data the details Flowable recorded (e.g. the new assignee)
	 */
	public record TaskLogEntry(Instant time, String taskId, String taskName, String type, String userId,
			Map<String, Object> data) {
	}

	/**
	 * @param time when it was written
	 * @param taskId the task it is about
	 * @param userId who wrote it
	 * @param message the text
	 */
	public record Comment(Instant time, String taskId, String userId, String message) {
	}

	/**
	 * One result of an AI step, as recorded when it ran (docs/ai.md).
	 *
	 * @param activityId the AI step's BPMN id
	 * @param kind classify, extract or summarize
	 * @param resultVariable the variable the result went to
	 * @param modelId the model or built-in method
	 * @param modelVersion its version
	 * @param inputSha256 SHA-256 of the text it read
	 * @param output the result
	 * @param confidence how sure it was, where that applies
	 * @param durationMs how long it took
	 * @param time when
	 */
	public record AiResult(String activityId, String kind, String resultVariable, String modelId, String modelVersion,
			String inputSha256, Object output, Double confidence, long durationMs, Instant time) {
	}

}
