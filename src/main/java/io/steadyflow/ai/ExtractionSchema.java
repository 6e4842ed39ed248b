package io.steadyflow.ai;

import dev.langchain4j.model.chat.request.json.JsonSchema;

/**
 * What an {@code extract} step reads from a document, named by the step's
 * {@code sf:aiSchema}: the fields, how a chat model is asked for them, and the built-in
 * deterministic method used when no chat model is configured. A workflow that reads a
 * kind of document provides one as a Spring bean (the invoice example's
 * {@code InvoiceExtraction} is one).
 * <p>
 * The schema computes the confidence, the missing fields and the problems itself, the
 * same way for both sources: a chat model's own statement of how sure it is is not taken
 * at its word. The {@code aiStep} delegate adds {@code sure} (confidence against the
 * step's threshold) and records provenance; the schema never sees the execution.
 */
public interface ExtractionSchema {

	/** The name steps give in {@code sf:aiSchema}, e.g. {@code invoice}. */
	String name();

	/** The JSON the chat model must answer: one object with these properties. */
	JsonSchema jsonSchema();

	/** The system message for the chat model: what to read and how to answer. */
	String instructions();

	/**
	 * The extraction from a chat model's answer, which already is a JSON object.
	 * @throws AiFailure when the answer is unusable (wrong types, impossible values)
	 */
	Extraction read(ExtractedJson answer);

	/** The extraction by the built-in method, from the document's text (may be empty). */
	Extraction extract(String text);

	/** The built-in method's model id, recorded as provenance. */
	String modelId();

	/** The built-in method's version, recorded as provenance. */
	String modelVersion();

}
