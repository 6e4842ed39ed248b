package io.steadyflow.instances;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * An instance's history as people read it: who did what, when, with which outcome and why
 * — from the completed steps, Flowable's task log, what AI steps said and the comments.
 */
final class Timeline {

	/**
	 * @param time when
	 * @param who the person, or {@code null} for the system
	 * @param what what happened
	 * @param outcome a decision's outcome
	 * @param reason a decision's reason or a comment's text
	 * @param kind start, step, decision, task, ai, comment or end
	 */
	record Entry(Instant time, String who, String what, String outcome, String reason, String kind) {
	}

	private Timeline() {
	}

	static List<Entry> of(InstanceView view) {
		List<Entry> entries = new ArrayList<>();
		entries.add(new Entry(view.startTime(), view.startedBy(), "started " + name(view), null, null, "start"));
		for (InstanceView.Step step : view.history()) {
			if ("userTask".equals(step.type())) {
				entries.add(new Entry(step.endTime(), step.completedBy(), "completed '" + step.name() + "'",
						step.outcome(), step.reason(), (step.outcome() != null) ? "decision" : "step"));
			}
			// Boundary events are left out: Flowable ends them also when their activity
			// finished first; what they caused shows as the steps that follow.
			else if (step.name() != null && !step.type().endsWith("Gateway") && !"startEvent".equals(step.type())
					&& !"boundaryEvent".equals(step.type())) {
				entries.add(new Entry(step.endTime(), null, label(step), null, null, "step"));
			}
		}
		for (InstanceView.TaskLogEntry log : view.taskLog()) {
			String what = describe(log);
			if (what != null) {
				// Creating and offering a task is the workflow's doing, not the user's
				// whose request happened to run it.
				boolean byWorkflow = "USER_TASK_CREATED".equals(log.type())
						|| "USER_TASK_IDENTITY_LINK_ADDED".equals(log.type());
				entries.add(new Entry(log.time(), byWorkflow ? null : log.userId(), what, null, null, "task"));
			}
		}
		for (InstanceView.AiResult result : view.aiResults()) {
			entries.add(new Entry(result.time(), "AI (" + result.modelId() + ")", describe(result), null, null, "ai"));
		}
		for (InstanceView.Comment comment : view.comments()) {
			entries.add(new Entry(comment.time(), comment.userId(), "commented", null, comment.message(), "comment"));
		}
		if (view.endTime() != null) {
			entries.add(new Entry(view.endTime(), null,
					"cancelled".equals(view.state()) ? "cancelled: " + view.endReason() : "finished", null, null,
					"end"));
		}
		entries.sort(Comparator.comparing(Entry::time, Comparator.nullsLast(Comparator.naturalOrder())));
		return entries;
	}

	private static String label(InstanceView.Step step) {
		return switch (step.type()) {
			case "endEvent" -> "ended at '" + step.name() + "'";
			default -> "did '" + step.name() + "'";
		};
	}

	private static String describe(InstanceView.TaskLogEntry log) {
		String task = "'" + Objects.requireNonNullElse(log.taskName(), log.taskId()) + "'";
		return switch (log.type()) {
			case "USER_TASK_CREATED" -> task + " waiting";
			case "USER_TASK_ASSIGNEE_CHANGED" -> {
				Object to = log.data().get("newAssigneeId");
				if (to == null) {
					yield "released " + task;
				}
				yield to.equals(log.userId()) ? "claimed " + task : "handed " + task + " to " + to;
			}
			case "USER_TASK_OWNER_CHANGED" -> "became owner of " + task;
			case "USER_TASK_DUEDATE_CHANGED" -> "changed the due date of " + task;
			case "USER_TASK_PRIORITY_CHANGED" -> "changed the priority of " + task;
			case "USER_TASK_IDENTITY_LINK_ADDED" -> {
				Object group = log.data().get("groupId");
				Object type = log.data().get("type");
				yield (group != null && "candidate".equals(type)) ? task + " offered to " + group : null;
			}
			default -> null;
		};
	}

	/**
	 * What an AI step said, in one line: "suggested 'billing' (0.62)", "read the invoice
	 * (0.85), missing: dueDate", "summarized 'Work on ticket'".
	 */
	static String describe(InstanceView.AiResult result) {
		JsonNode output = (result.output() instanceof JsonNode node) ? node : NullNode.getInstance();
		String confidence = (result.confidence() != null) ? String.format(Locale.ROOT, " (%.2f)", result.confidence())
				: "";
		return switch (result.kind()) {
			case "classify" -> {
				JsonNode label = output.path("label");
				yield (label.isTextual() ? "suggested '" + label.asText() + "'" : "found no suggestion") + confidence
						+ (output.path("sure").asBoolean(false) ? ", sure" : ", unsure: a person decides");
			}
			case "extract" -> {
				List<String> missing = new ArrayList<>();
				output.path("missing").forEach((field) -> missing.add(field.asText()));
				yield "read the document" + confidence
						+ (missing.isEmpty() ? ", all fields found" : ", missing: " + String.join(", ", missing));
			}
			case "summarize" -> "summarized the text into '" + result.resultVariable() + "'";
			default -> result.kind() + " into '" + result.resultVariable() + "'" + confidence;
		};
	}

	private static String name(InstanceView view) {
		return "'" + Objects.requireNonNullElse(view.processDefinitionName(), view.processDefinitionKey()) + "'";
	}

}
