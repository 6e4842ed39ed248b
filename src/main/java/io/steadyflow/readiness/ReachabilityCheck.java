package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.label;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.AdhocSubProcess;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.CompensateEventDefinition;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.EventGateway;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.ExternalWorkerServiceTask;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.UserTask;

/**
 * {@code reachability}: every step can be reached, and from every step the process can
 * reach an end. Each container (the process, every sub-process and event sub-process) is
 * its own graph, the way the engine runs it. Boundary events, event sub-processes and
 * compensation handlers are entered by events, not by sequence flows, and are not
 * orphans. {@code synchronous-loop}: a loop that can be left must still wait somewhere,
 * or it turns inside one transaction.
 */
final class ReachabilityCheck implements ReadinessCheck {

	@Override
	public void check(ProcessView view, Findings findings) {
		analyze(view, view.process(), false, findings);
	}

	private void analyze(ProcessView view, FlowElementsContainer container, boolean exitFromOutside,
			Findings findings) {
		boolean canBeLeftFromOutside = exitFromOutside || hasInterruptingEventSubProcess(container)
				|| (container instanceof SubProcess subProcess
						&& view.boundaryEventsOf(subProcess).stream().anyMatch(BoundaryEvent::isCancelActivity));
		List<FlowNode> nodes = container.getFlowElements()
			.stream()
			.filter(FlowNode.class::isInstance)
			.map(FlowNode.class::cast)
			.toList();
		for (FlowNode node : nodes) {
			if (node instanceof SubProcess subProcess) {
				analyze(view, subProcess, canBeLeftFromOutside, findings);
			}
		}
		// An ad-hoc sub-process has no required order: its steps need no flows.
		if (container instanceof AdhocSubProcess || nodes.isEmpty()) {
			return;
		}
		Set<FlowNode> nodeSet = new LinkedHashSet<>(nodes);
		List<FlowNode> seeds = seeds(container, nodes);
		if (seeds == null) {
			return;
		}
		Process process = view.process();
		Set<FlowNode> reached = walk(seeds, (node) -> successors(view, node, nodeSet));
		for (FlowNode node : nodes) {
			if (!reached.contains(node) && !(node instanceof BoundaryEvent)) {
				String why = node.getIncomingFlows().isEmpty() ? "no sequence flow leads to it"
						: "it is only entered from steps that are themselves unreachable";
				findings.add(ReadinessRule.REACHABILITY, Severity.ERROR, process, node,
						"The " + ProcessView.kind(node) + " " + label(node) + " cannot be reached from a start event: "
								+ why,
						"Connect it with a sequence flow from the step that should precede it, or delete it.");
			}
		}
		List<FlowNode> terminals = new ArrayList<>();
		for (FlowNode node : nodes) {
			if (isNaturalEnd(node)) {
				terminals.add(node);
			}
			else if (node.getOutgoingFlows().isEmpty()) {
				terminals.add(node);
				if (reached.contains(node)) {
					findings.add(ReadinessRule.REACHABILITY, Severity.ERROR, process, node, "The "
							+ ProcessView.kind(node) + " " + label(node)
							+ " is a dead end: no sequence flow leaves it, so the path stops without reaching an end event",
							"Connect it to the next step or to an end event named for the outcome.");
				}
			}
		}
		Set<FlowNode> canEnd = walk(terminals, (node) -> predecessors(node, nodeSet));
		List<FlowNode> stuck = nodes.stream()
			.filter((node) -> reached.contains(node) && !canEnd.contains(node))
			.toList();
		if (!stuck.isEmpty()) {
			for (List<FlowNode> loop : loops(view, stuck)) {
				reportLoop(process, loop, canBeLeftFromOutside, findings);
			}
		}
		List<FlowNode> leavable = nodes.stream()
			.filter((node) -> reached.contains(node) && canEnd.contains(node))
			.toList();
		for (List<FlowNode> loop : loops(view, leavable)) {
			if (loop.stream().noneMatch(ReachabilityCheck::isWaitState)) {
				reportSynchronousLoop(process, loop, findings);
			}
		}
	}

	/**
	 * A loop with an exit but without a wait state: every turn runs in the same
	 * transaction, so a loop that turns many times holds one transaction (and its locks)
	 * and grows one command until it fails, and nothing of it is committed in between.
	 */
	private void reportSynchronousLoop(Process process, List<FlowNode> loop, Findings findings) {
		FlowNode first = loop.get(0);
		String steps = loop.stream().map(ProcessView::label).collect(Collectors.joining(", "));
		findings.add(ReadinessRule.SYNCHRONOUS_LOOP, Severity.ERROR, process, first,
				"The loop " + steps + " has no wait state: every turn runs in one transaction, which never commits "
						+ "while it turns and fails as a whole when it turns too often",
				"Make a step of the loop asynchronous (flowable:async=\"true\"), or let it wait (a user task, a timer "
						+ "before the next attempt, a message), so that each turn is committed.");
	}

	private void reportLoop(Process process, List<FlowNode> loop, boolean canBeLeftFromOutside, Findings findings) {
		FlowNode first = loop.stream().min(Comparator.comparingInt(FlowElement::getXmlRowNumber)).orElseThrow();
		String steps = loop.stream().map(ProcessView::label).collect(Collectors.joining(", "));
		List<FlowNode> waits = loop.stream().filter(ReachabilityCheck::isWaitState).toList();
		if (waits.isEmpty()) {
			findings.add(ReadinessRule.REACHABILITY, Severity.ERROR, process, first,
					"Endless loop without a wait state: " + steps
							+ " never reach an end event and never wait, so the engine would spin in one transaction",
					"Give the loop an exit (a gateway branch with a condition that leads to an end event), "
							+ "or a wait state (user task, timer, message) where that is the intent.");
		}
		else if (!canBeLeftFromOutside) {
			findings.add(ReadinessRule.REACHABILITY, Severity.WARNING, process, first,
					"The loop " + steps + " never reaches an end event: it waits at " + label(waits.get(0))
							+ " each time round, but nothing lets the process finish",
					"Add a gateway branch that leaves the loop towards an end event, or an interrupting boundary "
							+ "event or event sub-process that ends it.");
		}
	}

	/** The entry points of a container, or null when the container has none at all. */
	private static List<FlowNode> seeds(FlowElementsContainer container, List<FlowNode> nodes) {
		List<FlowNode> seeds = new ArrayList<>();
		for (FlowNode node : nodes) {
			if (node instanceof StartEvent || node instanceof EventSubProcess
					|| (node instanceof Activity activity && activity.isForCompensation())) {
				seeds.add(node);
			}
		}
		if (nodes.stream().noneMatch(StartEvent.class::isInstance)) {
			if (container instanceof Process) {
				// clear-trigger reports a process without a start event
				return null;
			}
			// BPMN starts a sub-process without a start event at every step without
			// incoming flows.
			nodes.stream()
				.filter((node) -> node.getIncomingFlows().isEmpty() && !(node instanceof BoundaryEvent))
				.forEach(seeds::add);
		}
		return seeds;
	}

	private static boolean isNaturalEnd(FlowNode node) {
		return node instanceof EndEvent || node instanceof EventSubProcess
				|| (node instanceof Activity activity && activity.isForCompensation())
				|| (node instanceof BoundaryEvent boundary
						&& ProcessView.hasDefinition(boundary, CompensateEventDefinition.class));
	}

	private static boolean isWaitState(FlowNode node) {
		if (node.isAsynchronous() || node instanceof UserTask || node instanceof ReceiveTask
				|| node instanceof IntermediateCatchEvent || node instanceof EventGateway
				|| node instanceof ExternalWorkerServiceTask || node instanceof CallActivity) {
			return true;
		}
		if (node instanceof ServiceTask serviceTask) {
			return serviceTask.isTriggerable() || ServiceTask.EXTERNAL_WORKER_TASK.equals(serviceTask.getType());
		}
		if (node instanceof SubProcess subProcess) {
			return subProcess.getFlowElements()
				.stream()
				.anyMatch((element) -> element instanceof FlowNode inner && isWaitState(inner));
		}
		return false;
	}

	private static boolean hasInterruptingEventSubProcess(FlowElementsContainer container) {
		return container.getFlowElements()
			.stream()
			.filter(EventSubProcess.class::isInstance)
			.flatMap((element) -> ((EventSubProcess) element).getFlowElements().stream())
			.anyMatch((element) -> element instanceof StartEvent start && start.isInterrupting());
	}

	private static List<FlowNode> successors(ProcessView view, FlowNode node, Set<FlowNode> nodes) {
		List<FlowNode> next = new ArrayList<>();
		for (SequenceFlow flow : node.getOutgoingFlows()) {
			if (flow.getTargetFlowElement() instanceof FlowNode target && nodes.contains(target)) {
				next.add(target);
			}
		}
		for (BoundaryEvent boundary : view.boundaryEventsOf(node)) {
			if (nodes.contains(boundary)) {
				next.add(boundary);
			}
		}
		return next;
	}

	private static List<FlowNode> predecessors(FlowNode node, Set<FlowNode> nodes) {
		List<FlowNode> previous = new ArrayList<>();
		for (SequenceFlow flow : node.getIncomingFlows()) {
			if (flow.getSourceFlowElement() instanceof FlowNode source && nodes.contains(source)) {
				previous.add(source);
			}
		}
		if (node instanceof BoundaryEvent boundary && boundary.getAttachedToRef() != null
				&& nodes.contains(boundary.getAttachedToRef())) {
			previous.add(boundary.getAttachedToRef());
		}
		return previous;
	}

	private static Set<FlowNode> walk(List<FlowNode> start,
			java.util.function.Function<FlowNode, List<FlowNode>> next) {
		Set<FlowNode> seen = new LinkedHashSet<>(start);
		Deque<FlowNode> queue = new ArrayDeque<>(start);
		while (!queue.isEmpty()) {
			for (FlowNode following : next.apply(queue.poll())) {
				if (seen.add(following)) {
					queue.add(following);
				}
			}
		}
		return seen;
	}

	/**
	 * The cycles among nodes that cannot reach an end (strongly connected components of
	 * more than one node, or with a flow to itself), found with Tarjan's algorithm.
	 */
	private static List<List<FlowNode>> loops(ProcessView view, List<FlowNode> stuck) {
		Set<FlowNode> members = new LinkedHashSet<>(stuck);
		Map<FlowNode, Integer> index = new HashMap<>();
		Map<FlowNode, Integer> low = new HashMap<>();
		Deque<FlowNode> stack = new ArrayDeque<>();
		Set<FlowNode> onStack = new LinkedHashSet<>();
		List<List<FlowNode>> loops = new ArrayList<>();
		int[] counter = { 0 };
		for (FlowNode node : stuck) {
			if (!index.containsKey(node)) {
				connect(view, node, members, index, low, stack, onStack, counter, loops);
			}
		}
		return loops;
	}

	private static void connect(ProcessView view, FlowNode node, Set<FlowNode> members, Map<FlowNode, Integer> index,
			Map<FlowNode, Integer> low, Deque<FlowNode> stack, Set<FlowNode> onStack, int[] counter,
			List<List<FlowNode>> loops) {
		index.put(node, counter[0]);
		low.put(node, counter[0]);
		counter[0]++;
		stack.push(node);
		onStack.add(node);
		boolean selfLoop = false;
		for (FlowNode next : successors(view, node, members)) {
			if (next == node) {
				selfLoop = true;
			}
			if (!index.containsKey(next)) {
				connect(view, next, members, index, low, stack, onStack, counter, loops);
				low.put(node, Math.min(low.get(node), low.get(next)));
			}
			else if (onStack.contains(next)) {
				low.put(node, Math.min(low.get(node), index.get(next)));
			}
		}
		if (low.get(node).equals(index.get(node))) {
			List<FlowNode> component = new ArrayList<>();
			FlowNode member;
			do {
				member = stack.pop();
				onStack.remove(member);
				component.add(member);
			}
			while (member != node);
			if (component.size() > 1 || selfLoop) {
				component.sort(Comparator.comparingInt(FlowElement::getXmlRowNumber));
				loops.add(component);
			}
		}
	}

}
