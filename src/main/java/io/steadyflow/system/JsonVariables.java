package io.steadyflow.system;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns JSON request values into process variables: strings, booleans, whole numbers
 * (Long), decimals (BigDecimal, exact for money), null; objects and arrays stay JSON
 * (stored by the engine as JSON, never as Java-serialized objects). Variable names must
 * be plain identifiers, because BPMN expressions refer to them.
 */
public final class JsonVariables {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

	private JsonVariables() {
	}

	public static Map<String, Object> toVariables(Map<String, JsonNode> json) {
		Map<String, Object> variables = new LinkedHashMap<>();
		if (json == null) {
			return variables;
		}
		json.forEach((name, value) -> {
			if (!NAME.matcher(name).matches()) {
				throw ProblemException.badRequest("Variable name '" + name
						+ "' is not allowed: use letters, digits and underscores, starting with a letter.");
			}
			variables.put(name, toValue(value));
		});
		return variables;
	}

	/**
	 * A JSON value as a process variable: text, boolean, a whole number as Long
	 * (BigDecimal when it does not fit), a decimal as BigDecimal, objects and arrays as
	 * JSON.
	 */
	public static Object toValue(JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		if (value.isTextual()) {
			return value.textValue();
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isIntegralNumber()) {
			return value.canConvertToLong() ? (Object) value.longValue() : value.decimalValue();
		}
		if (value.isNumber()) {
			BigDecimal decimal = value.decimalValue();
			return decimal;
		}
		return value;
	}

}
