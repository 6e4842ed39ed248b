package io.steadyflow.ai;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A chat model's JSON answer, read field by field with the types a schema expects. A
 * value of the wrong type is an {@link AiFailure} naming the field, never a silent null:
 * the step fails and is retried instead of passing on a wrong reading.
 */
public final class ExtractedJson {

	private final JsonNode json;

	public ExtractedJson(JsonNode json) {
		this.json = json;
	}

	/** The field as trimmed text; {@code null} when absent, null or empty. */
	public String text(String field) {
		JsonNode value = this.json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual() && !value.isNumber()) {
			throw new AiFailure("The chat model answered " + field + " as " + value.getNodeType() + ", not as text");
		}
		String text = value.asText().strip();
		return text.isEmpty() ? null : text;
	}

	/** The field as an ISO date (2026-12-31); {@code null} when absent. */
	public LocalDate date(String field) {
		String text = text(field);
		try {
			return (text != null) ? LocalDate.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			throw new AiFailure("The chat model answered " + field + " '" + text + "', not a date like 2026-12-31", ex);
		}
	}

	/**
	 * The field as an amount: a JSON number, or text such as "1,234.56 EUR" in either
	 * decimal convention; {@code null} when absent.
	 */
	public BigDecimal amount(String field) {
		JsonNode value = this.json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return value.decimalValue();
		}
		if (value.isTextual()) {
			BigDecimal parsed = parseAmount(value.textValue().replaceAll("[^0-9.,'-]", ""));
			if (parsed != null) {
				return parsed;
			}
		}
		throw new AiFailure("The chat model answered " + field + " as '" + value + "', not as a number");
	}

	/**
	 * An amount as documents write it: "1,234.56", "1.234,56", "1 234,5", "1'234.56" — a
	 * separator followed by at most two digits is the decimal one. Two decimals, or
	 * {@code null} when it is not an amount.
	 */
	public static BigDecimal parseAmount(String raw) {
		String value = raw.replace(" ", "").replace("'", "").replace("\u00a0", "");
		int lastComma = value.lastIndexOf(',');
		int lastDot = value.lastIndexOf('.');
		int decimalAt = Math.max(lastComma, lastDot);
		String integer;
		String fraction = "";
		if (decimalAt >= 0 && value.length() - decimalAt - 1 <= 2) {
			integer = value.substring(0, decimalAt);
			fraction = value.substring(decimalAt + 1);
		}
		else {
			integer = value;
		}
		integer = integer.replace(",", "").replace(".", "");
		try {
			BigDecimal amount = new BigDecimal(integer + (fraction.isEmpty() ? "" : "." + fraction));
			return amount.setScale(2, RoundingMode.UNNECESSARY);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return null;
		}
	}

}
