package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.isBlank;
import static io.steadyflow.readiness.ProcessView.kind;
import static io.steadyflow.readiness.ProcessView.label;

import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.ComplexGateway;
import org.flowable.bpmn.model.ErrorEventDefinition;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Gateway;
import org.flowable.bpmn.model.InclusiveGateway;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.TimerEventDefinition;
import org.flowable.bpmn.model.UserTask;

/**
 * Rules about single steps: {@code tool-exception-path}, {@code human-assignment},
 * {@code late-human-step}, {@code names} and {@code retry-ignored}.
 */
final class TaskCheck implements ReadinessCheck {

	@Override
	public void check(ProcessView view, Findings findings) {
		Process process = view.process();
		for (FlowElement element : view.elements()) {
			if (ProcessView.isToolTask(element)) {
				checkExceptionPath(view, (Activity) element, findings);
			}
			if (element instanceof UserTask userTask) {
				checkAssignment(process, userTask, findings);
				checkLateness(view, userTask, findings);
				checkFourEyes(view, userTask, findings);
			}
			checkName(process, element, findings);
			if (element instanceof Activity activity) {
				checkRetryCycle(process, activity, findings);
			}
		}
	}

	private void checkExceptionPath(ProcessView view, Activity task, Findings findings) {
		boolean errorBoundary = view.boundaryEventsAround(task)
			.stream()
			.anyMatch((boundary) -> ProcessView.hasDefinition(boundary, ErrorEventDefinition.class));
		boolean errorEventSubProcess = view.eventSubProcessStartsAround(task)
			.stream()
			.anyMatch((start) -> ProcessView.hasDefinition(start, ErrorEventDefinition.class));
		if (errorBoundary || errorEventSubProcess) {
			return;
		}
		boolean retryPolicy = !isBlank(task.getFailedJobRetryTimeCycleValue());
		if (task.isAsynchronous() && retryPolicy) {
			// On a task that is not a service task the cycle is ignored (retry-ignored
			// says
			// so),
			// but the failure still ends in a job and an incident, not in a rollback.
			return;
		}
		String what = "The " + kind(task) + " " + label(task);
		String message;
		if (task.isAsynchronous()) {
			message = what + " is asynchronous but has no explicit retry policy, and no error boundary event: "
					+ "a failure is retried on Flowable's default of 3 immediate attempts, which nobody chose";
		}
		else {
			message = what + " has no error boundary event and is not asynchronous with a retry policy: "
					+ "a failure rolls back the caller's transaction instead of taking a designed path";
		}
		findings.add(ReadinessRule.TOOL_EXCEPTION_PATH, Severity.ERROR, view.process(), task, message,
				"Attach an error boundary event that catches the BPMN errors the tool raises and leads to a handled path, "
						+ "or set flowable:async=\"true\" and add <extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M"
						+ "</flowable:failedJobRetryTimeCycle></extensionElements> so that a failure becomes an incident.");
	}

	private void checkAssignment(Process process, UserTask task, Findings findings) {
		boolean assigned = !isBlank(task.getAssignee()) || !task.getCandidateUsers().isEmpty()
				|| !task.getCandidateGroups().isEmpty() || !task.getCustomUserIdentityLinks().isEmpty()
				|| !task.getCustomGroupIdentityLinks().isEmpty();
		if (!assigned) {
			findings.add(ReadinessRule.HUMAN_ASSIGNMENT, Severity.ERROR, process, task,
					"User task " + label(task) + " has no assignee, candidate users or candidate groups: "
							+ "nobody sees it in a task list",
					"Add flowable:candidateGroups=\"<group>\" (preferred), flowable:candidateUsers or flowable:assignee.");
		}
	}

	/**
	 * {@code sf:notSameAs="initiator,<userTaskId>"}: a misspelt task id would silently
	 * exclude nobody, and the separation of duties would not exist.
	 */
	private void checkFourEyes(ProcessView view, UserTask task, Findings findings) {
		String rule = task.getAttributeValue(ProcessView.SF_NS, "notSameAs");
		if (rule == null) {
			return;
		}
		if (!isBlank(task.getAssignee())) {
			boolean excludesAssignee = task.getAssignee().replace(" ", "").contains("{initiator}")
					&& java.util.Arrays.stream(rule.split(",")).map(String::strip).anyMatch("initiator"::equals);
			findings.add(ReadinessRule.FOUR_EYES, excludesAssignee ? Severity.ERROR : Severity.WARNING, view.process(),
					task,
					"User task " + label(task) + " is assigned directly (flowable:assignee=\"" + task.getAssignee()
							+ "\") and has sf:notSameAs=\"" + rule + "\": "
							+ (excludesAssignee
									? "it is assigned to the very person the rule excludes, who can never complete it"
									: "if the assignee is excluded, nobody else is offered the task and it waits forever"),
					"Offer the task with flowable:candidateGroups (or candidateUsers) instead of an assignee; the people "
							+ "the rule excludes are then left out of the offer.");
		}
		for (String entry : rule.split(",")) {
			String name = entry.strip();
			if (name.equals("initiator")) {
				continue;
			}
			boolean userTask = view.elements()
				.stream()
				.anyMatch((element) -> element instanceof UserTask && element.getId().equals(name));
			if (name.isEmpty() || !userTask || name.equals(task.getId())) {
				findings.add(ReadinessRule.FOUR_EYES, Severity.ERROR, view.process(), task, "User task " + label(task)
						+ " has sf:notSameAs=\"" + rule + "\": '" + name
						+ "' is neither 'initiator' nor another user task of this process, so it excludes nobody",
						"List 'initiator' and/or ids of other user tasks, e.g. sf:notSameAs=\"initiator,reviewInvoice\".");
			}
		}
	}

	private void checkLateness(ProcessView view, UserTask task, Findings findings) {
		if (!isBlank(task.getDueDate())) {
			return;
		}
		boolean timer = view.boundaryEventsAround(task)
			.stream()
			.anyMatch((boundary) -> ProcessView.hasDefinition(boundary, TimerEventDefinition.class));
		if (!timer) {
			findings.add(ReadinessRule.LATE_HUMAN_STEP, Severity.WARNING, view.process(), task,
					"User task " + label(task) + " has neither a due date nor a timer boundary event: "
							+ "when it stalls, nobody is told",
					"Add flowable:dueDate=\"P2D\" (ISO 8601 duration or an expression) and/or a timer boundary event "
							+ "that escalates, e.g. a non-interrupting timer leading to a reminder or an escalation task.");
		}
	}

	private void checkName(Process process, FlowElement element, Findings findings) {
		if (!isBlank(element.getName())) {
			return;
		}
		boolean needsName = element instanceof Activity || element instanceof BoundaryEvent
				|| (isDeciding(element) && ((Gateway) element).getOutgoingFlows().size() > 1);
		if (needsName) {
			String what = (element instanceof Gateway) ? "The deciding " + kind(element) : "The " + kind(element);
			findings.add(ReadinessRule.NAMES, Severity.WARNING, process, element,
					what + " " + element.getId() + " has no name: the diagram is the documentation",
					(element instanceof Gateway)
							? "Name the gateway with the question it decides, e.g. 'Amount above limit?'."
							: "Give it a short name that says what happens, e.g. 'Approve invoice'.");
		}
	}

	/**
	 * Gateways that choose between branches carry the question they decide; a parallel
	 * split or an event-based gateway says what it does by its shape and its events.
	 */
	private static boolean isDeciding(FlowElement element) {
		return element instanceof ExclusiveGateway || element instanceof InclusiveGateway
				|| element instanceof ComplexGateway;
	}

	private void checkRetryCycle(Process process, Activity activity, Findings findings) {
		if (isBlank(activity.getFailedJobRetryTimeCycleValue())) {
			return;
		}
		if (!(activity instanceof ServiceTask)) {
			findings.add(ReadinessRule.RETRY_IGNORED, Severity.WARNING, process, activity,
					"The retry cycle '" + activity.getFailedJobRetryTimeCycleValue() + "' on the " + kind(activity)
							+ " " + label(activity) + " is ignored: Flowable 7.2 applies "
							+ "failedJobRetryTimeCycle only to service tasks, so failed jobs here get the default "
							+ "3 immediate retries",
					"Move the call into an asynchronous service task with the retry cycle, or remove the cycle "
							+ "and rely on an error boundary event.");
		}
		else if (!activity.isAsynchronous()) {
			findings.add(ReadinessRule.RETRY_IGNORED, Severity.WARNING, process, activity,
					"The retry cycle '" + activity.getFailedJobRetryTimeCycleValue() + "' on " + label(activity)
							+ " is ignored: the task is not asynchronous, so there is no job to retry",
					"Set flowable:async=\"true\" on the task so that it runs in a job that the cycle retries.");
		}
	}

}
