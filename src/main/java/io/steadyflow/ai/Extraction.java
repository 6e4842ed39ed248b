package io.steadyflow.ai;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link ExtractionSchema} read from a document.
 *
 * @param fields the fields by name, in the schema's order; a value is a string, a number,
 * a boolean or {@code null} when the document does not state it
 * @param confidence from 0 to 1: how complete and consistent the reading is
 * @param missing the fields the workflow needs and the document does not state
 * @param problems what does not add up, in words for the person who reviews it
 * @param summary one or two sentences for the timeline and the reviewer
 */
public record Extraction(Map<String, Object> fields, double confidence, List<String> missing, List<String> problems,
		String summary) {

	public Extraction {
		fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
		missing = List.copyOf(missing);
		problems = List.copyOf(problems);
	}

}
