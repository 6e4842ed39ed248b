package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.label;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.EscalationEventDefinition;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.SignalEventDefinition;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.ThrowEvent;
import org.flowable.bpmn.model.UserTask;

/**
 * {@code ai-needs-human-gate}: AI is assistance, not authority. The result of a step
 * marked {@code sf:ai} must not act (call a tool, send a message or signal, end the
 * process) before a person had the chance to look at it: after the AI step there must be
 * an exclusive gateway with a branch that reaches a user task before any side effect,
 * unless every path reaches a user task first anyway.
 */
final class AiGateCheck implements ReadinessCheck {

	@Override
	public void check(ProcessView view, Findings findings) {
		for (FlowElement element : view.elements()) {
			if (!ProcessView.isAiStep(element)) {
				continue;
			}
			String problem = firstUncheckedPath(element);
			if (problem != null) {
				findings.add(ReadinessRule.AI_NEEDS_HUMAN_GATE, Severity.ERROR, view.process(), element,
						"The AI step " + label(element) + " (sf:ai=\""
								+ element.getAttributeValue(ProcessView.SF_NS, "ai") + "\") " + problem,
						"Add an exclusive gateway right after the AI step that sends low-confidence results "
								+ "(e.g. ${classification.confidence < 0.8}) to a user task for review before any tool call, "
								+ "message or end event.");
			}
		}
	}

	/**
	 * Follows every path out of the AI step until it meets a person (a user task, or an
	 * exclusive gateway with a branch to one) or a side effect; returns what is wrong
	 * with the first path that meets a side effect first, or null when all paths are
	 * gated.
	 */
	private String firstUncheckedPath(FlowElement aiStep) {
		Deque<FlowElement> queue = new ArrayDeque<>(next(aiStep));
		Set<FlowElement> seen = new HashSet<>(queue);
		while (!queue.isEmpty()) {
			FlowElement element = queue.poll();
			if (element instanceof UserTask && !ProcessView.isAiStep(element)) {
				continue;
			}
			if (element instanceof ExclusiveGateway gateway) {
				if (hasHumanBranch(gateway)) {
					continue;
				}
				return "reaches the exclusive gateway " + label(gateway)
						+ ", but none of its branches leads to a user task before a side effect";
			}
			if (isSideEffect(element)) {
				return "reaches the " + ProcessView.kind(element) + " " + label(element)
						+ " without passing a human checkpoint";
			}
			for (FlowElement following : next(element)) {
				if (seen.add(following)) {
					queue.add(following);
				}
			}
		}
		return null;
	}

	private boolean hasHumanBranch(ExclusiveGateway gateway) {
		for (SequenceFlow branch : gateway.getOutgoingFlows()) {
			if (branch.getTargetFlowElement() != null && reachesPersonFirst(branch.getTargetFlowElement())) {
				return true;
			}
		}
		return false;
	}

	private boolean reachesPersonFirst(FlowElement start) {
		Deque<FlowElement> queue = new ArrayDeque<>(List.of(start));
		Set<FlowElement> seen = new HashSet<>(queue);
		while (!queue.isEmpty()) {
			FlowElement element = queue.poll();
			if (element instanceof UserTask && !ProcessView.isAiStep(element)) {
				return true;
			}
			if (isSideEffect(element)) {
				continue;
			}
			for (FlowElement following : next(element)) {
				if (seen.add(following)) {
					queue.add(following);
				}
			}
		}
		return false;
	}

	/**
	 * What a token can reach next: the targets of outgoing flows; the start of an
	 * embedded sub-process; after the plain end of an embedded sub-process, what follows
	 * the sub-process.
	 */
	private static List<FlowElement> next(FlowElement element) {
		if (element instanceof SubProcess subProcess && !(element instanceof EventSubProcess)) {
			return subProcess.getFlowElements()
				.stream()
				.filter((inner) -> inner instanceof StartEvent start && start.getEventDefinitions().isEmpty())
				.toList();
		}
		if (element instanceof EndEvent end && end.getEventDefinitions().isEmpty() && end.getSubProcess() != null
				&& !(end.getSubProcess() instanceof EventSubProcess)) {
			return targets(end.getSubProcess());
		}
		return targets(element);
	}

	private static List<FlowElement> targets(FlowElement element) {
		List<FlowElement> targets = new ArrayList<>();
		for (SequenceFlow flow : ProcessView.outgoing(element)) {
			if (flow.getTargetFlowElement() != null) {
				targets.add(flow.getTargetFlowElement());
			}
		}
		return targets;
	}

	/**
	 * A side effect the AI result could cause: ending the process (or a sub-process with
	 * a result), calling a tool, running a script or another process, throwing a message,
	 * signal or escalation. A further AI step is assistance too, not a side effect.
	 */
	private static boolean isSideEffect(FlowElement element) {
		if (ProcessView.isAiStep(element)) {
			return false;
		}
		if (element instanceof EndEvent end) {
			// the plain end of an embedded sub-process only continues after the
			// sub-process
			return !(end.getEventDefinitions().isEmpty() && end.getSubProcess() != null
					&& !(end.getSubProcess() instanceof EventSubProcess));
		}
		if (element instanceof ThrowEvent thrown) {
			return ProcessView.hasDefinition(thrown, MessageEventDefinition.class)
					|| ProcessView.hasDefinition(thrown, SignalEventDefinition.class)
					|| ProcessView.hasDefinition(thrown, EscalationEventDefinition.class);
		}
		return ProcessView.isToolTask(element) || element instanceof ScriptTask || element instanceof CallActivity;
	}

}
