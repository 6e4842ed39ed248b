package io.steadyflow.modeler;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Camunda 7 model converted to Flowable form, with a note for every item converted,
 * approximated or lost.
 *
 * @param fileName the file name of the converted model ({@code .bpmn20.xml})
 * @param xml the converted BPMN
 * @param notes what happened to each Camunda item, in document order
 */
public record ConversionResult(String fileName, byte[] xml, List<ConversionNote> notes) {

	public String xmlText() {
		return new String(this.xml, StandardCharsets.UTF_8);
	}

	public List<ConversionNote> notes(ConversionNote.Kind kind) {
		return this.notes.stream().filter((note) -> note.kind() == kind).toList();
	}

	/** Whether everything was converted faithfully. */
	public boolean lossless() {
		return this.notes.stream().noneMatch((note) -> note.kind() != ConversionNote.Kind.CONVERTED);
	}

}
