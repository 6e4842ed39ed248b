package io.steadyflow.readiness;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import io.steadyflow.triggers.PayloadMapping;
import io.steadyflow.triggers.TriggerAttributes;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventGateway;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.TimerEventDefinition;

/**
 * {@code trigger-contract}: work that arrives from outside is declared completely. A
 * webhook or queue trigger maps its payload to variables ({@code sf:map}); a webhook has
 * a configured secret and a queue a configured broker; an event that waits for a message
 * says which instance a message belongs to ({@code sf:correlationKey}) and what happens
 * when it never comes (a timer beside it after an event-based gateway, a timer boundary
 * event on its sub-process, or the documented exemption {@code sf:noTimeout}). A receive
 * task with a {@code messageRef} waits for its message like a catch event and is held to
 * the same contract; a timer boundary event on the task itself is its way out.
 */
final class TriggerCheck implements ReadinessCheck {

	private final StepConfiguration steps;

	TriggerCheck(StepConfiguration steps) {
		this.steps = steps;
	}

	@Override
	public void check(ProcessView view, Findings findings) {
		Process process = view.process();
		for (Event event : view.elements(Event.class)) {
			String webhook = TriggerAttributes.of(event, TriggerAttributes.WEBHOOK);
			String queue = TriggerAttributes.of(event, TriggerAttributes.QUEUE);
			boolean start = event instanceof StartEvent;
			boolean message = ProcessView.hasDefinition(event, MessageEventDefinition.class);
			boolean waits = message && (event instanceof IntermediateCatchEvent || event instanceof BoundaryEvent);
			if ((webhook != null || queue != null) && !start && !waits) {
				findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, event,
						"Event " + ProcessView.label(event) + " declares a webhook or queue but neither starts the "
								+ "process nor waits for a message",
						"Put sf:webhook or sf:queue on a start event, or on a catch event with a messageEventDefinition.");
				continue;
			}
			checkDeclared(view, event, webhook, queue, waits, findings);
		}
		for (ReceiveTask task : view.elements(ReceiveTask.class)) {
			String webhook = TriggerAttributes.of(task, TriggerAttributes.WEBHOOK);
			String queue = TriggerAttributes.of(task, TriggerAttributes.QUEUE);
			boolean waits = !ProcessView.isBlank(task.getAttributeValue(null, "messageRef"));
			if ((webhook != null || queue != null) && !waits) {
				findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, task,
						"Receive task " + ProcessView.label(task) + " declares a webhook or queue but waits for no "
								+ "message",
						"Give it the message it waits for: messageRef=\"<id of a declared <message>>\".");
				continue;
			}
			checkDeclared(view, task, webhook, queue, waits, findings);
		}
		for (ServiceTask step : view.elements(ServiceTask.class)) {
			String exchange = TriggerAttributes.of(step, TriggerAttributes.EXCHANGE);
			if (exchange != null && this.steps.triggers() != null && !this.steps.triggers().brokerConfigured()) {
				findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, step,
						"Step " + ProcessView.label(step) + " publishes to exchange '" + exchange
								+ "', but no RabbitMQ broker is configured",
						"Set spring.rabbitmq.host (and port, username, password) or spring.rabbitmq.addresses.");
			}
		}
	}

	/** What a start or waiting element declares: its delivery, its wait, its TTL. */
	private void checkDeclared(ProcessView view, FlowElement element, String webhook, String queue, boolean waits,
			Findings findings) {
		Process process = view.process();
		if (webhook != null || queue != null) {
			checkMapping(process, element, findings);
		}
		if (webhook != null) {
			checkSecret(process, element, webhook, findings);
		}
		if (queue != null) {
			checkBroker(process, element, queue, findings);
		}
		if (waits) {
			checkWait(view, element, findings);
		}
		checkTtl(process, element, findings);
	}

	private static void checkMapping(Process process, FlowElement event, Findings findings) {
		String map = TriggerAttributes.of(event, TriggerAttributes.MAP);
		String problem = null;
		if (map == null) {
			problem = "declares no payload mapping (sf:map)";
		}
		else {
			try {
				PayloadMapping.parse(map);
				String businessKey = TriggerAttributes.of(event, TriggerAttributes.BUSINESS_KEY);
				if (businessKey != null) {
					PayloadMapping.pointer(businessKey);
				}
			}
			catch (IllegalArgumentException ex) {
				problem = "has a payload mapping that cannot be read: " + ex.getMessage();
			}
		}
		if (problem != null) {
			findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, event,
					"Trigger " + ProcessView.label(event) + " " + problem,
					"Declare which payload values become which variables, e.g. "
							+ "sf:map=\"orderId=$.order.id,total=$.order.total\", and the business key as "
							+ "sf:businessKey=\"$.order.id\".");
		}
	}

	private void checkSecret(Process process, FlowElement event, String webhook, Findings findings) {
		if (this.steps.triggers() != null && !this.steps.triggers().webhookSecrets().contains(webhook)) {
			findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, event,
					"Webhook '" + webhook + "' of " + ProcessView.label(event) + " has no configured secret, so no "
							+ "delivery could be authenticated",
					"Set steadyflow.webhooks." + webhook + ".secret (from the environment, e.g. STEADYFLOW_WEBHOOKS_"
							+ webhook.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "")
							+ "_SECRET) and share it with the sender.");
		}
	}

	private void checkBroker(Process process, FlowElement event, String queue, Findings findings) {
		if (this.steps.triggers() != null && !this.steps.triggers().brokerConfigured()) {
			findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, event,
					"Queue '" + queue + "' of " + ProcessView.label(event) + " cannot be listened to: no RabbitMQ "
							+ "broker is configured",
					"Set spring.rabbitmq.host (and port, username, password) or spring.rabbitmq.addresses.");
		}
	}

	private static void checkWait(ProcessView view, FlowElement waiting, Findings findings) {
		Process process = view.process();
		String what = (waiting instanceof ReceiveTask) ? "Receive task " : "Waiting event ";
		if (TriggerAttributes.of(waiting, TriggerAttributes.CORRELATION_KEY) == null) {
			findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, waiting,
					what + ProcessView.label(waiting) + " declares no correlation key, so a message "
							+ "cannot say which instance it is for",
					"Add sf:correlationKey=\"${orderId}\" (an expression over the instance's variables that the "
							+ "message's key must equal).");
		}
		boolean mayWaitForEver = (waiting instanceof IntermediateCatchEvent || waiting instanceof ReceiveTask)
				&& !hasTimeout(view, waiting);
		if (mayWaitForEver && TriggerAttributes.of(waiting, TriggerAttributes.NO_TIMEOUT) == null) {
			findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, waiting,
					"Nothing happens if the message of " + ProcessView.label(waiting) + " never comes",
					((waiting instanceof ReceiveTask) ? "Put a timer boundary event on it, or put it" : "Put it")
							+ " after an event-based gateway with a timer event beside it, or in a sub-process with a "
							+ "timer boundary event, or document why it may wait for ever: sf:noTimeout=\"<why>\".");
		}
	}

	/**
	 * A timer catch event after the same event-based gateway, a timer boundary event on
	 * the waiting element itself (a receive task) or on an enclosing sub-process.
	 */
	private static boolean hasTimeout(ProcessView view, FlowElement event) {
		if (view.boundaryEventsOf(event)
			.stream()
			.anyMatch((boundary) -> ProcessView.hasDefinition(boundary, TimerEventDefinition.class))) {
			return true;
		}
		for (SequenceFlow incoming : ProcessView.incoming(event)) {
			FlowElement source = incoming.getSourceFlowElement();
			if (source instanceof EventGateway gateway) {
				for (SequenceFlow outgoing : ProcessView.outgoing(gateway)) {
					if (outgoing.getTargetFlowElement() instanceof IntermediateCatchEvent other
							&& ProcessView.hasDefinition(other, TimerEventDefinition.class)) {
						return true;
					}
				}
			}
		}
		for (SubProcess scope = event.getSubProcess(); scope != null; scope = scope.getSubProcess()) {
			if (view.boundaryEventsOf(scope)
				.stream()
				.anyMatch((boundary) -> ProcessView.hasDefinition(boundary, TimerEventDefinition.class))) {
				return true;
			}
		}
		return false;
	}

	private static void checkTtl(Process process, FlowElement event, Findings findings) {
		String ttl = TriggerAttributes.of(event, TriggerAttributes.MESSAGE_TTL);
		if (ttl == null) {
			return;
		}
		try {
			Duration duration = Duration.parse(ttl);
			if (duration.isNegative() || duration.isZero()) {
				throw new DateTimeParseException("not positive", ttl, 0);
			}
		}
		catch (DateTimeParseException ex) {
			findings.add(ReadinessRule.TRIGGER_CONTRACT, Severity.ERROR, process, event,
					"Event " + ProcessView.label(event) + " declares the time to live '" + ttl
							+ "', which is not a positive ISO-8601 duration",
					"Write how long an early message is kept, e.g. sf:messageTtl=\"PT10M\" (10 minutes).");
		}
	}

}
