package io.steadyflow.versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.steadyflow.versions.ProcessDiff.AttributeChange;
import io.steadyflow.versions.ProcessDiff.Change;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;

/**
 * The semantic diff of two versions of a process, element by element, matched by id.
 * <p>
 * A sequence flow that came or went only because a step came or went (the flows of an
 * added boundary timer, the flows around a removed step, a flow re-pointed from a removed
 * step to its successor) is part of that step's change, not a change of its own: removing
 * a step is one change, as the author thinks of it.
 */
final class ModelDiff {

	private ModelDiff() {
	}

	/**
	 * @param before the older process, null when nothing was deployed
	 * @param after the newer process
	 */
	static List<Change> between(Process before, Process after) {
		List<Change> changes = new ArrayList<>();
		processChange(before, after, changes);
		Map<String, FlowElement> oldNodes = elements(before, FlowNode.class);
		Map<String, FlowElement> newNodes = elements(after, FlowNode.class);
		Map<String, FlowElement> oldFlows = elements(before, SequenceFlow.class);
		Map<String, FlowElement> newFlows = elements(after, SequenceFlow.class);

		Set<String> added = new LinkedHashSet<>(newNodes.keySet());
		added.removeAll(oldNodes.keySet());
		Set<String> removed = new LinkedHashSet<>(oldNodes.keySet());
		removed.removeAll(newNodes.keySet());

		Map<String, List<String>> foldedFlows = new LinkedHashMap<>();
		List<Change> flowChanges = new ArrayList<>();
		for (FlowElement element : newFlows.values()) {
			SequenceFlow flow = (SequenceFlow) element;
			SequenceFlow old = (SequenceFlow) oldFlows.get(flow.getId());
			if (old == null) {
				String owner = firstOf(added, removed, flow.getSourceRef(), flow.getTargetRef());
				if (owner != null) {
					fold(foldedFlows, owner, "flow " + describe(flow) + " added");
				}
				else {
					flowChanges.add(created("added", "flow", flow));
				}
				continue;
			}
			List<AttributeChange> attributes = compare(ElementFacts.of(old), ElementFacts.of(flow));
			if (attributes.isEmpty()) {
				continue;
			}
			boolean rerouted = !Objects.equals(old.getSourceRef(), flow.getSourceRef())
					|| !Objects.equals(old.getTargetRef(), flow.getTargetRef());
			String owner = rerouted ? firstOf(added, removed, old.getSourceRef(), old.getTargetRef(),
					flow.getSourceRef(), flow.getTargetRef()) : null;
			if (owner != null && onlyEndpoints(attributes)) {
				fold(foldedFlows, owner,
						"flow " + flow.getId() + " now " + endpoints(flow) + " (was " + endpoints(old) + ")");
			}
			else {
				flowChanges.add(changed(rerouted ? "rerouted" : "changed", "flow", flow, attributes));
			}
		}
		for (FlowElement element : oldFlows.values()) {
			if (!newFlows.containsKey(element.getId())) {
				SequenceFlow flow = (SequenceFlow) element;
				String owner = firstOf(added, removed, flow.getSourceRef(), flow.getTargetRef());
				if (owner != null) {
					fold(foldedFlows, owner, "flow " + describe(flow) + " removed");
				}
				else {
					flowChanges.add(created("removed", "flow", flow));
				}
			}
		}

		for (FlowElement node : newNodes.values()) {
			FlowElement old = oldNodes.get(node.getId());
			if (old == null) {
				changes.add(withFlows(created("added", "step", node), foldedFlows.get(node.getId())));
			}
			else {
				List<AttributeChange> attributes = compare(ElementFacts.of(old), ElementFacts.of(node));
				if (!attributes.isEmpty()) {
					changes.add(changed("changed", "step", node, attributes));
				}
			}
		}
		for (String id : removed) {
			changes.add(withFlows(created("removed", "step", oldNodes.get(id)), foldedFlows.get(id)));
		}
		changes.addAll(flowChanges);
		return List.copyOf(changes);
	}

	private static void processChange(Process before, Process after, List<Change> changes) {
		Map<String, String> old = (before != null) ? ElementFacts.of(before) : Map.of();
		List<AttributeChange> attributes = compare(old, ElementFacts.of(after));
		if (!attributes.isEmpty()) {
			changes.add(new Change("changed", "process", after.getId(), "process", after.getName(), attributes,
					List.of(), "Process " + label(after) + ": " + describe(attributes)));
		}
	}

	private static Change created(String kind, String category, FlowElement element) {
		Map<String, String> facts = ElementFacts.of(element);
		List<AttributeChange> attributes = new ArrayList<>();
		facts.forEach((name, value) -> attributes.add(kind.equals("added") ? new AttributeChange(name, null, value)
				: new AttributeChange(name, value, null)));
		String verb = kind.equals("added") ? "Added " : "Removed ";
		String summary = verb + ElementFacts.type(element) + " " + label(element);
		if (element instanceof SequenceFlow flow) {
			summary = verb + "flow " + describe(flow);
		}
		else if (facts.containsKey("attachedTo")) {
			summary += " on " + facts.get("attachedTo");
		}
		return new Change(kind, category, element.getId(), ElementFacts.type(element), element.getName(),
				List.copyOf(attributes), List.of(), summary);
	}

	private static Change withFlows(Change change, List<String> flows) {
		if (flows == null) {
			return change;
		}
		return new Change(change.kind(), change.category(), change.elementId(), change.type(), change.name(),
				change.attributes(), List.copyOf(flows), change.summary() + "; " + String.join("; ", flows));
	}

	private static Change changed(String kind, String category, FlowElement element, List<AttributeChange> attributes) {
		String what = (element instanceof SequenceFlow) ? "flow " + element.getId()
				: ElementFacts.type(element) + " " + label(element);
		String verb = kind.equals("rerouted") ? "Rerouted " : "Changed ";
		return new Change(kind, category, element.getId(), ElementFacts.type(element), element.getName(),
				List.copyOf(attributes), List.of(), verb + what + ": " + describe(attributes));
	}

	static List<AttributeChange> compare(Map<String, String> before, Map<String, String> after) {
		Set<String> names = new LinkedHashSet<>(after.keySet());
		names.addAll(before.keySet());
		List<AttributeChange> changes = new ArrayList<>();
		for (String name : names) {
			String old = before.get(name);
			String now = after.get(name);
			if (!Objects.equals(old, now)) {
				changes.add(new AttributeChange(name, old, now));
			}
		}
		return changes;
	}

	private static boolean onlyEndpoints(List<AttributeChange> attributes) {
		return attributes.stream()
			.allMatch((change) -> change.attribute().equals("source") || change.attribute().equals("target"));
	}

	private static String describe(List<AttributeChange> attributes) {
		List<String> parts = new ArrayList<>();
		for (AttributeChange change : attributes) {
			if (change.before() == null) {
				parts.add(change.attribute() + " set to '" + change.after() + "'");
			}
			else if (change.after() == null) {
				parts.add(change.attribute() + " '" + change.before() + "' removed");
			}
			else {
				parts.add(change.attribute() + " '" + change.before() + "' → '" + change.after() + "'");
			}
		}
		return String.join("; ", parts);
	}

	private static String describe(SequenceFlow flow) {
		return flow.getId() + " (" + endpoints(flow) + ")";
	}

	private static String endpoints(SequenceFlow flow) {
		return flow.getSourceRef() + " → " + flow.getTargetRef();
	}

	private static String label(FlowElement element) {
		return (element.getName() != null && !element.getName().isBlank())
				? "'" + element.getName().strip() + "' (" + element.getId() + ")" : element.getId();
	}

	private static String label(Process process) {
		return (process.getName() != null && !process.getName().isBlank())
				? "'" + process.getName().strip() + "' (" + process.getId() + ")" : process.getId();
	}

	private static void fold(Map<String, List<String>> folded, String owner, String description) {
		folded.computeIfAbsent(owner, (id) -> new ArrayList<>()).add(description);
	}

	private static String firstOf(Set<String> added, Set<String> removed, String... ids) {
		for (String id : ids) {
			if (added.contains(id) || removed.contains(id)) {
				return id;
			}
		}
		return null;
	}

	private static Map<String, FlowElement> elements(Process process, Class<? extends FlowElement> type) {
		Map<String, FlowElement> byId = new LinkedHashMap<>();
		if (process != null) {
			for (FlowElement element : process.findFlowElementsOfType(type, true)) {
				byId.put(element.getId(), element);
			}
		}
		return byId;
	}

}
