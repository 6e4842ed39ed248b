package io.steadyflow.versions;

import java.util.List;

/**
 * What changed between two versions of one process. Elements are matched by id: a step
 * whose id stays is the same step, however it moved in the drawing; the layout itself is
 * not compared.
 *
 * @param processKey the process id
 * @param from the version compared from ({@code version} null when nothing is deployed)
 * @param to the version compared to
 * @param changes every change, process-level first, then steps and flows in document
 * order of the newer version (removed ones in the order of the older)
 * @param counts how many changes of each kind
 */
public record ProcessDiff(String processKey, Side from, Side to, List<Change> changes, Counts counts) {

	/** Nothing changed that the engine or a reader of the diagram would notice. */
	public boolean isEmpty() {
		return this.changes.isEmpty();
	}

	/**
	 * One side of the comparison.
	 *
	 * @param version the deployed version number, null for a file not deployed (or no
	 * version at all)
	 * @param definitionId the deployed definition's id, null for a file
	 * @param label how to name it to a reader: "version 3", "the file x.bpmn20.xml"
	 */
	public record Side(Integer version, String definitionId, String label) {

	}

	/**
	 * One changed element.
	 *
	 * @param kind {@code added}, {@code removed}, {@code changed} or {@code rerouted} (a
	 * flow whose source or target moved)
	 * @param category {@code process}, {@code step} (any flow node: task, event, gateway,
	 * sub-process) or {@code flow} (a sequence flow)
	 * @param elementId the element's id (the process id for process-level changes)
	 * @param type the BPMN type, e.g. {@code userTask}, {@code boundaryEvent (timer)}
	 * @param name the element's name in the newer version (the older one when removed)
	 * @param attributes what changed, attribute by attribute; for added and removed steps
	 * what the step is (its attributes with only an after or a before value)
	 * @param flows the sequence flows that came or went with an added or removed step,
	 * described
	 * @param summary the change as one sentence
	 */
	public record Change(String kind, String category, String elementId, String type, String name,
			List<AttributeChange> attributes, List<String> flows, String summary) {

	}

	/**
	 * @param attribute e.g. {@code candidateGroups}, {@code field url}, {@code timer},
	 * {@code sf:aiThreshold}, {@code target}
	 * @param before the value in the older version, null when it had none
	 * @param after the value in the newer version, null when it has none
	 */
	public record AttributeChange(String attribute, String before, String after) {

	}

	public record Counts(int added, int removed, int changed, int rerouted) {

		static Counts of(List<Change> changes) {
			return new Counts(count(changes, "added"), count(changes, "removed"), count(changes, "changed"),
					count(changes, "rerouted"));
		}

		private static int count(List<Change> changes, String kind) {
			return (int) changes.stream().filter((change) -> change.kind().equals(kind)).count();
		}

	}

}
