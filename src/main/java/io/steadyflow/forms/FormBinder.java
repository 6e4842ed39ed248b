package io.steadyflow.forms;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Validates submitted values against a form on the server (the browser's checks are a
 * convenience, never trusted) and turns them into typed process variables: number → Long
 * if integral else BigDecimal, money → BigDecimal + currency code, date → LocalDate,
 * boolean → Boolean, the rest → String. Read-only fields are never written, whatever is
 * submitted for them.
 */
@Component
public class FormBinder {

	/** Longest text accepted in any field without its own maxLength. */
	static final int MAX_TEXT = 10_000;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	public FormBinding bind(FormDefinition form, Map<String, String> input) {
		Map<String, Object> variables = new LinkedHashMap<>();
		Map<String, String> errors = new LinkedHashMap<>();
		Map<String, String> submitted = new LinkedHashMap<>();
		for (FormField field : form.inputFields()) {
			String raw = value(input, field.id());
			submitted.put(field.id(), raw);
			String error = switch (field.kind()) {
				case TEXT, TEXTAREA, EMAIL -> text(field, raw, variables);
				case NUMBER -> number(field, raw, variables);
				case MONEY -> money(field, raw, value(input, field.currencyVariable()), variables, submitted);
				case DATE -> date(field, raw, variables);
				case BOOLEAN -> {
					boolean checked = "true".equalsIgnoreCase(raw) || "on".equalsIgnoreCase(raw);
					submitted.put(field.id(), Boolean.toString(checked));
					variables.put(field.id(), checked);
					yield null;
				}
				case SELECT -> choice(field, raw, variables);
				case DECISION ->
					decision(field, raw, value(input, field.reasonVariable()), variables, submitted, errors);
			};
			if (error != null) {
				errors.put(field.id(), error);
			}
		}
		return new FormBinding(errors.isEmpty() ? variables : Map.of(), errors, submitted);
	}

	private static String value(Map<String, String> input, String name) {
		String value = input.get(name);
		return (value != null) ? value.strip() : "";
	}

	private static String text(FormField field, String raw, Map<String, Object> variables) {
		if (raw.isEmpty()) {
			return field.required() ? "Enter " + field.label().toLowerCase(Locale.ROOT) + "." : null;
		}
		int max = (field.maxLength() != null) ? field.maxLength() : MAX_TEXT;
		if (raw.length() > max) {
			return "At most " + max + " characters (this has " + raw.length() + ").";
		}
		if (field.minLength() != null && raw.length() < field.minLength()) {
			return "At least " + field.minLength() + " characters.";
		}
		if (field.pattern() != null && !Pattern.compile(field.pattern()).matcher(raw).matches()) {
			return "Not in the expected format" + ((field.help() != null) ? " (" + field.help() + ")." : ".");
		}
		if (field.kind() == FieldType.EMAIL && !EMAIL.matcher(raw).matches()) {
			return "Not an e-mail address like name@example.com.";
		}
		variables.put(field.id(), raw);
		return null;
	}

	private static String number(FormField field, String raw, Map<String, Object> variables) {
		if (raw.isEmpty()) {
			return field.required() ? "Enter a number." : null;
		}
		BigDecimal number = decimal(raw);
		if (number == null) {
			return "'" + raw + "' is not a number.";
		}
		String range = range(field, number);
		if (range != null) {
			return range;
		}
		BigDecimal stripped = number.stripTrailingZeros();
		if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
			variables.put(field.id(), stripped.longValueExact());
		}
		else {
			variables.put(field.id(), number);
		}
		return null;
	}

	private static String money(FormField field, String raw, String currency, Map<String, Object> variables,
			Map<String, String> submitted) {
		submitted.put(field.currencyVariable(), currency);
		if (raw.isEmpty()) {
			return field.required() ? "Enter an amount." : null;
		}
		BigDecimal amount = decimal(raw);
		if (amount == null) {
			return "'" + raw + "' is not an amount.";
		}
		if (currency.isEmpty() || !field.currencies().contains(currency.toUpperCase(Locale.ROOT))) {
			return "Choose a currency: " + String.join(", ", field.currencies()) + ".";
		}
		String code = currency.toUpperCase(Locale.ROOT);
		int digits = Currency.getInstance(code).getDefaultFractionDigits();
		if (amount.stripTrailingZeros().scale() > Math.max(digits, 0)) {
			return "At most " + digits + " decimals for " + code + ".";
		}
		String range = range(field, amount);
		if (range != null) {
			return range;
		}
		variables.put(field.id(), amount);
		variables.put(field.currencyVariable(), code);
		return null;
	}

	private static String date(FormField field, String raw, Map<String, Object> variables) {
		if (raw.isEmpty()) {
			return field.required() ? "Enter a date." : null;
		}
		try {
			variables.put(field.id(), LocalDate.parse(raw));
			return null;
		}
		catch (DateTimeParseException ex) {
			return "'" + raw + "' is not a date like 2026-12-31.";
		}
	}

	private static String choice(FormField field, String raw, Map<String, Object> variables) {
		if (raw.isEmpty()) {
			return field.required() ? "Choose one." : null;
		}
		if (field.options().stream().noneMatch((option) -> option.value().equals(raw))) {
			return "'" + raw + "' is not one of the choices.";
		}
		variables.put(field.id(), raw);
		return null;
	}

	private static String decision(FormField field, String raw, String reason, Map<String, Object> variables,
			Map<String, String> submitted, Map<String, String> errors) {
		submitted.put(field.reasonVariable(), reason);
		if (raw.isEmpty()) {
			return "Choose a decision.";
		}
		if (field.outcomes().stream().noneMatch((outcome) -> outcome.value().equals(raw))) {
			return "'" + raw + "' is not one of the decisions.";
		}
		if (reason.length() > MAX_TEXT) {
			errors.put(field.reasonVariable(), "At most " + MAX_TEXT + " characters.");
			return null;
		}
		if (reason.isEmpty() && field.reasonRequired(raw)) {
			errors.put(field.reasonVariable(), "A reason is required to " + label(field, raw) + ".");
			return null;
		}
		variables.put(field.id(), raw);
		if (!reason.isEmpty()) {
			variables.put(field.reasonVariable(), reason);
		}
		return null;
	}

	private static String label(FormField field, String outcome) {
		return field.outcomes()
			.stream()
			.filter((option) -> option.value().equals(outcome))
			.map((option) -> option.label().toLowerCase(Locale.ROOT))
			.findFirst()
			.orElse(outcome);
	}

	private static String range(FormField field, BigDecimal value) {
		if (field.min() != null && value.compareTo(field.min()) < 0) {
			return "At least " + field.min().toPlainString() + ".";
		}
		if (field.max() != null && value.compareTo(field.max()) > 0) {
			return "At most " + field.max().toPlainString() + ".";
		}
		return null;
	}

	private static BigDecimal decimal(String raw) {
		if (raw.length() > 40) {
			return null;
		}
		try {
			return new BigDecimal(raw.replace(" ", ""));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
