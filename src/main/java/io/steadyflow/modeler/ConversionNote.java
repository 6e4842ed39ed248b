package io.steadyflow.modeler;

/**
 * One thing the Camunda 7 import did with one element.
 *
 * @param kind what happened to it
 * @param elementId the id of the BPMN element it belongs to (the nearest one with an id)
 * @param element the XML element's name, e.g. {@code userTask}
 * @param item what was converted or lost, e.g. {@code camunda:candidateGroups}
 * @param detail what it became, or why it could not be converted and what to do instead
 */
public record ConversionNote(Kind kind, String elementId, String element, String item, String detail) {

	/** What happened to an item. */
	public enum Kind {

		/** Converted to its exact Flowable equivalent. */
		CONVERTED,

		/**
		 * Converted to the nearest Flowable equivalent; the detail says how it differs.
		 */
		APPROXIMATED,

		/**
		 * No faithful Flowable equivalent: removed, and the detail says what to do
		 * instead.
		 */
		LOST;

		@com.fasterxml.jackson.annotation.JsonValue
		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
