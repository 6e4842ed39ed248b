package io.steadyflow.bpmn;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.Process;

/**
 * What reaching an end event means, declared on it as {@code sf:outcome}: {@code done}
 * when the process's definition of done ({@code sf:doneWhen}) is met, otherwise the class
 * of the other ending. Outcome rates (the done rate above all) are measured per class, so
 * the vocabulary is short and fixed.
 */
public enum Outcome {

	/** The definition of done is met. */
	DONE,

	/** The work was refused on its merits, with a reason (e.g. an invoice rejected). */
	REJECTED,

	/**
	 * Stopped on purpose before it was done (withdrawn, a duplicate, cancelled by an
	 * operator).
	 */
	CANCELLED,

	/** Could not be done (a system refused for good, data that cannot be fixed). */
	FAILED,

	/** Handed over outside the process (to another team, a manual procedure). */
	ESCALATED;

	/** The namespace of Steadyflow's BPMN attributes ({@code sf:}). */
	public static final String SF_NS = "urn:steadyflow:bpmn";

	/** The attribute on end events. */
	public static final String ATTRIBUTE = "outcome";

	/** The class as written in BPMN and shown: {@code done}, {@code rejected}, ... */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Every class, as written in BPMN. */
	public static List<String> ids() {
		return Arrays.stream(values()).map(Outcome::id).toList();
	}

	/** The class an {@code sf:outcome} value names, if it names one. */
	public static Optional<Outcome> of(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String id = value.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((outcome) -> outcome.id().equals(id)).findFirst();
	}

	/** The class an end event declares, if it declares a valid one. */
	public static Optional<Outcome> of(BaseElement endEvent) {
		return of(endEvent.getAttributeValue(SF_NS, ATTRIBUTE));
	}

	/**
	 * Whether reaching the end event can end the whole process instance: it sits in the
	 * process itself or in an event sub-process of it, not in an embedded sub-process
	 * (whose end only hands back to the process).
	 */
	public static boolean endsTheProcess(EndEvent endEvent) {
		FlowElementsContainer container = endEvent.getParentContainer();
		if (container instanceof EventSubProcess eventSubProcess) {
			container = eventSubProcess.getParentContainer();
		}
		return container == null || container instanceof Process;
	}

}
