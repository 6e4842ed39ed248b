package io.steadyflow.readiness;

import java.util.Map;
import java.util.Set;

/**
 * How to fix the problems Flowable's own validator reports, for the most common ones, and
 * which of them say the same as a Steadyflow rule.
 */
final class FlowableProblemHints {

	private static final Map<String, String> HINTS = Map.ofEntries(
			Map.entry("flowable-process-definition-not-executable",
					"Set isExecutable=\"true\" on the process that Steadyflow should run."),
			Map.entry("flowable-servicetask-missing-implementation",
					"Add flowable:delegateExpression=\"${beanName}\" naming the delegate bean that does the work."),
			Map.entry("flowable-sendtask-invalid-implementation",
					"Implement the send task with flowable:delegateExpression=\"${beanName}\" or flowable:type=\"mail\"."),
			Map.entry("flowable-message-event-missing-message-ref",
					"Declare <message id=\"...\" name=\"...\"/> under <definitions> and set messageRef on the event definition."),
			Map.entry("flowable-message-event-invalid-message-ref",
					"Make messageRef name the id of a <message> declared under <definitions>."),
			Map.entry("flowable-signal-event-missing-signal-ref",
					"Declare <signal id=\"...\" name=\"...\"/> under <definitions> and set signalRef on the event definition."),
			Map.entry("flowable-signal-event-invalid-signal-ref",
					"Make signalRef name the id of a <signal> declared under <definitions>."),
			Map.entry("flowable-event-timer-missing-configuration",
					"Add a timeDate, timeDuration or timeCycle to the timerEventDefinition."),
			Map.entry("flowable-multi-instance-missing-collection",
					"Set flowable:collection (and flowable:elementVariable) or a loopCardinality on the multi-instance marker."),
			Map.entry("flowable-exclusive-gateway-seq-flow-without-conditions",
					"Add a condition to each outgoing flow or mark one as the gateway's default flow."),
			Map.entry("flowable-scripttask-missing-script", "Give the script task its script, or remove it."),
			Map.entry("flowable-start-event-multiple-found",
					"Keep one none start event per process; use message or timer start events for other triggers."),
			Map.entry("flowable-di-invalid-reference",
					"Re-save the file in a BPMN modeler so that the diagram refers only to existing elements."),
			Map.entry("flowable-di-does-not-reference-flownode",
					"Re-save the file in a BPMN modeler so that the diagram refers only to existing elements."),
			Map.entry("flowable-di-does-not-reference-seq-flow",
					"Re-save the file in a BPMN modeler so that the diagram refers only to existing elements."));

	/** Problems that a Steadyflow rule also reports on the same element, by rule id. */
	private static final Map<String, Set<String>> SAME_CONCERN = Map.of(ReadinessRule.CLEAR_TRIGGER.id(),
			Set.of("flowable-message-event-missing-message-ref", "flowable-message-event-invalid-message-ref",
					"flowable-signal-event-missing-signal-ref", "flowable-signal-event-invalid-signal-ref",
					"flowable-event-timer-missing-configuration"),
			ReadinessRule.GATEWAY_CONDITIONS.id(), Set.of("flowable-exclusive-gateway-seq-flow-without-conditions"),
			ReadinessRule.EXECUTABLE.id(), Set.of("flowable-specific-process-definition-not-executable"));

	private FlowableProblemHints() {
	}

	static String hintFor(String problem) {
		return HINTS.getOrDefault(problem, "Fix the element as Flowable's message says; the engine refuses "
				+ "deployments with Flowable validation errors.");
	}

	static boolean sameConcern(String rule, String problem) {
		return SAME_CONCERN.getOrDefault(rule, Set.of()).contains(problem);
	}

}
