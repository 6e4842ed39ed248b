package io.steadyflow.triggers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.system.JsonVariables;

/**
 * How a JSON payload becomes process variables, as declared by {@code sf:map}:
 * {@code variable=$.path.to.value} pairs, separated by commas. A path is {@code $}
 * followed by {@code .field} and {@code [index]} steps; {@code $} alone is the whole
 * payload. Every declared value must be present: a payload that lacks one is refused with
 * its name, rather than starting an instance that lacks its data.
 *
 * @param entries the variables in declaration order
 */
public record PayloadMapping(List<Entry> entries) {

	private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

	private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)]");

	/**
	 * One variable and where it comes from.
	 *
	 * @param variable the process variable
	 * @param path the JSON path as written
	 * @param pointer the same path as a JSON pointer
	 */
	public record Entry(String variable, String path, JsonPointer pointer) {
	}

	/** A payload the mapping cannot read: the path and variable it misses. */
	public static final class MissingValue extends RuntimeException {

		private final String path;

		private final String variable;

		MissingValue(String path, String variable) {
			super("The payload has no value at " + path + " (variable '" + variable + "').");
			this.path = path;
			this.variable = variable;
		}

		public String path() {
			return this.path;
		}

		public String variable() {
			return this.variable;
		}

	}

	/**
	 * Parses an {@code sf:map} value.
	 * @throws IllegalArgumentException naming the part that cannot be read
	 */
	public static PayloadMapping parse(String declaration) {
		List<Entry> entries = new ArrayList<>();
		if (declaration == null || declaration.isBlank()) {
			throw new IllegalArgumentException("the mapping is empty");
		}
		for (String part : declaration.split(",")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException("'" + part.strip() + "' is not variable=$.path");
			}
			String variable = part.substring(0, equals).strip();
			String path = part.substring(equals + 1).strip();
			if (!VARIABLE.matcher(variable).matches()) {
				throw new IllegalArgumentException("'" + variable + "' is not a variable name");
			}
			if (entries.stream().anyMatch((entry) -> entry.variable().equals(variable))) {
				throw new IllegalArgumentException("variable '" + variable + "' is mapped twice");
			}
			entries.add(new Entry(variable, path, pointer(path)));
		}
		return new PayloadMapping(List.copyOf(entries));
	}

	/** A JSON path of the form {@code $.a.b[0]} as a JSON pointer. */
	public static JsonPointer pointer(String path) {
		if (!path.startsWith("$")) {
			throw new IllegalArgumentException("path '" + path + "' does not start with $");
		}
		StringBuilder pointer = new StringBuilder();
		Matcher step = STEP.matcher(path);
		int at = 1;
		while (at < path.length()) {
			if (!step.find(at) || step.start() != at) {
				throw new IllegalArgumentException(
						"path '" + path + "' cannot be read from character " + (at + 1) + " (use $.field.other[0])");
			}
			pointer.append('/').append((step.group(1) != null) ? step.group(1) : step.group(2));
			at = step.end();
		}
		return JsonPointer.compile(pointer.toString());
	}

	/**
	 * The variables read from the payload: text, booleans, whole numbers (Long), decimals
	 * (BigDecimal), objects and arrays as JSON.
	 * @throws MissingValue naming the first declared value the payload lacks
	 */
	public Map<String, Object> read(JsonNode payload) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (Entry entry : this.entries) {
			JsonNode value = payload.at(entry.pointer());
			if (value.isMissingNode() || value.isNull()) {
				throw new MissingValue(entry.path(), entry.variable());
			}
			variables.put(entry.variable(), JsonVariables.toValue(value));
		}
		return variables;
	}

}
