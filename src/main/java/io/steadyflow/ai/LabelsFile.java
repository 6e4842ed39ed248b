package io.steadyflow.ai;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The labelled examples of one labels file ({@code sf:aiLabels}): an object
 * {@code "labels"} with at least two labels, each an array of example texts. The one
 * parser of the format, used where a file is deployed and where it is embedded.
 *
 * @param name the file name
 * @param labels per example, its label
 * @param texts per example, its text
 */
public record LabelsFile(String name, List<String> labels, List<String> texts) {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Whether a file name is that of a labels file that travels with a deployment. */
	public static boolean isLabelsFileName(String name) {
		return name != null && name.toLowerCase(Locale.ROOT).endsWith(".labels.json")
				&& AiStepFields.LABELS_FILE.matcher(name).matches();
	}

	/**
	 * Reads and checks a labels file.
	 * @throws IllegalArgumentException naming what is wrong (not the file: callers do)
	 */
	public static LabelsFile parse(String name, byte[] content) {
		JsonNode root;
		try {
			root = JSON.readTree(content);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("is not well-formed JSON: " + ex.getOriginalMessage()
					+ ((ex.getLocation() != null) ? " (line " + ex.getLocation().getLineNr() + ")" : ""));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot be read: " + ex.getMessage());
		}
		JsonNode labels = (root != null) ? root.path("labels") : null;
		if (labels == null || !labels.isObject() || labels.size() < 2) {
			throw new IllegalArgumentException(
					"needs an object 'labels' with at least two labels, each an array of example texts");
		}
		List<String> exampleLabels = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> label = it.next();
			if (!label.getValue().isArray()) {
				throw new IllegalArgumentException("label '" + label.getKey() + "' must be an array of example texts");
			}
			int count = 0;
			for (JsonNode example : label.getValue()) {
				if (!example.isTextual()) {
					throw new IllegalArgumentException(
							"label '" + label.getKey() + "' has an example that is not a text: " + example);
				}
				if (!example.textValue().isBlank()) {
					exampleLabels.add(label.getKey());
					texts.add(example.textValue());
					count++;
				}
			}
			if (count == 0) {
				throw new IllegalArgumentException("label '" + label.getKey() + "' has no example text");
			}
		}
		return new LabelsFile(name, List.copyOf(exampleLabels), List.copyOf(texts));
	}

}
