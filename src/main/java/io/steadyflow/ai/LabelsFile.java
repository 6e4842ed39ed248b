package io.steadyflow.ai;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The labelled examples of one labels file ({@code sf:aiLabels}): an object
 * {@code "labels"} with at least two labels, each an array of at least
 * {@link #MIN_EXAMPLES} example texts, and optionally an array {@code "unsure"} of texts
 * that carry no evidence for any label ("please help", "it does not work") — a text
 * closer to those than to any label comes out unsure. The one parser of the format, used
 * where a file is deployed and where it is embedded.
 *
 * @param name the file name
 * @param labels per example, its label
 * @param texts per example, its text
 * @param unsure the texts that carry no evidence for any label
 */
public record LabelsFile(String name, List<String> labels, List<String> texts, List<String> unsure) {

	/**
	 * The fewest examples a label may have: fewer cannot be cross-validated, so nothing
	 * could be said about how often the label is right.
	 */
	public static final int MIN_EXAMPLES = 3;

	private static final JsonFactory JSON = new JsonFactory();

	public LabelsFile(String name, List<String> labels, List<String> texts) {
		this(name, labels, texts, List.of());
	}

	/**
	 * What is wrong with a labels file, at a line.
	 *
	 * @param line the 1-based line, {@code null} for the file as a whole
	 * @param message what is wrong, naming the label or example
	 */
	public record Problem(Integer line, String message) {

		@Override
		public String toString() {
			return ((this.line != null) ? "line " + this.line + ": " : "") + this.message;
		}

	}

	/** Whether a file name is that of a labels file that travels with a deployment. */
	public static boolean isLabelsFileName(String name) {
		return name != null && name.toLowerCase(Locale.ROOT).endsWith(".labels.json")
				&& AiStepFields.LABELS_FILE.matcher(name).matches();
	}

	/**
	 * Reads and checks a labels file.
	 * @throws IllegalArgumentException naming the first problem and its line (not the
	 * file: callers do)
	 */
	public static LabelsFile parse(String name, byte[] content) {
		Reading reading = read(content);
		if (!reading.problems.isEmpty()) {
			throw new IllegalArgumentException(reading.problems.get(0).toString());
		}
		return new LabelsFile(name, List.copyOf(reading.labels), List.copyOf(reading.texts),
				List.copyOf(reading.unsure));
	}

	/**
	 * Everything that is wrong with a labels file, each with its line; empty when sound.
	 */
	public static List<Problem> problems(byte[] content) {
		return List.copyOf(read(content).problems);
	}

	/** The examples per label, in file order. */
	public Map<String, Integer> counts() {
		Map<String, Integer> counts = new java.util.LinkedHashMap<>();
		this.labels.forEach((label) -> counts.merge(label, 1, Integer::sum));
		return counts;
	}

	private static final class Reading {

		final List<String> labels = new ArrayList<>();

		final List<String> texts = new ArrayList<>();

		final List<String> unsure = new ArrayList<>();

		final List<Problem> problems = new ArrayList<>();

		/** How many labels the file names, sound or not. */
		int labelCount;

		/** Normalized text → where it was first seen ("label 'x' (line n)"). */
		final Map<String, String> seen = new HashMap<>();

		void example(String owner, String text, int line) {
			String key = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
			String where = owner + " (line " + line + ")";
			String first = this.seen.putIfAbsent(key, where);
			if (first != null) {
				this.problems.add(new Problem(line, "the example \"" + abbreviated(text) + "\" of " + owner
						+ " repeats the example of " + first + ": each text may be an example once"));
			}
		}

	}

	private static Reading read(byte[] content) {
		Reading reading = new Reading();
		try (JsonParser parser = JSON.createParser(content)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				reading.problems.add(new Problem(line(parser),
						"needs an object 'labels' with at least two labels, each an array of example texts"));
				return reading;
			}
			boolean labelsSeen = false;
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("labels".equals(field) && value == JsonToken.START_OBJECT) {
					labelsSeen = true;
					readLabels(parser, reading);
				}
				else if ("unsure".equals(field)) {
					readUnsure(parser, value, reading);
				}
				else {
					parser.skipChildren();
				}
			}
			if (!labelsSeen || reading.labelCount < 2) {
				reading.problems.add(0, new Problem(null,
						"needs an object 'labels' with at least two labels, each an array of example texts"));
			}
		}
		catch (JsonProcessingException ex) {
			reading.problems.clear();
			reading.problems.add(new Problem((ex.getLocation() != null) ? ex.getLocation().getLineNr() : null,
					"is not well-formed JSON: " + ex.getOriginalMessage()));
		}
		catch (IOException ex) {
			reading.problems.clear();
			reading.problems.add(new Problem(null, "cannot be read: " + ex.getMessage()));
		}
		return reading;
	}

	private static void readLabels(JsonParser parser, Reading reading) throws IOException {
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String label = parser.currentName();
			int labelLine = line(parser);
			reading.labelCount++;
			JsonToken value = parser.nextToken();
			if (label.isBlank()) {
				reading.problems.add(new Problem(labelLine, "a label has an empty name"));
			}
			if (value != JsonToken.START_ARRAY) {
				reading.problems.add(new Problem(labelLine, "label '" + label + "' must be an array of example texts"));
				parser.skipChildren();
				continue;
			}
			int count = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				int exampleLine = line(parser);
				if (parser.currentToken() != JsonToken.VALUE_STRING) {
					reading.problems.add(new Problem(exampleLine,
							"label '" + label + "' has an example that is not a text: " + describe(parser)));
					parser.skipChildren();
					continue;
				}
				String text = parser.getText();
				if (text.isBlank()) {
					reading.problems.add(new Problem(exampleLine, "label '" + label + "' has an empty example"));
					continue;
				}
				reading.example("label '" + label + "'", text, exampleLine);
				reading.labels.add(label);
				reading.texts.add(text);
				count++;
			}
			if (count == 0) {
				reading.problems.add(new Problem(labelLine, "label '" + label + "' has no example text"));
			}
			else if (count < MIN_EXAMPLES) {
				reading.problems.add(new Problem(labelLine,
						"label '" + label + "' has " + count + " examples, fewer than the minimum of " + MIN_EXAMPLES));
			}
		}
	}

	private static void readUnsure(JsonParser parser, JsonToken value, Reading reading) throws IOException {
		if (value != JsonToken.START_ARRAY) {
			reading.problems.add(new Problem(line(parser), "'unsure' must be an array of texts"));
			parser.skipChildren();
			return;
		}
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			int exampleLine = line(parser);
			if (parser.currentToken() != JsonToken.VALUE_STRING || parser.getText().isBlank()) {
				reading.problems
					.add(new Problem(exampleLine, "'unsure' has an entry that is not a text: " + describe(parser)));
				parser.skipChildren();
				continue;
			}
			reading.example("'unsure'", parser.getText(), exampleLine);
			reading.unsure.add(parser.getText());
		}
	}

	private static String describe(JsonParser parser) throws IOException {
		JsonToken token = parser.currentToken();
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "an empty text";
			default -> parser.getText();
		};
	}

	private static int line(JsonParser parser) {
		return parser.currentTokenLocation().getLineNr();
	}

	private static String abbreviated(String text) {
		String flat = text.strip().replaceAll("\\s+", " ");
		return (flat.length() > 60) ? flat.substring(0, 57) + "..." : flat;
	}

}
