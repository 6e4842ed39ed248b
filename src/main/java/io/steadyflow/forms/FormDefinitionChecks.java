package io.steadyflow.forms;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What makes a form definition valid on its own, before it is checked against the
 * processes. Each problem names the field it is about.
 */
final class FormDefinitionChecks {

	private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern PREFILL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)?");

	private FormDefinitionChecks() {
	}

	static List<String> problems(FormDefinition form) {
		List<String> problems = new ArrayList<>();
		if (blank(form.title())) {
			problems.add("\"title\" is missing");
		}
		if (form.fields().isEmpty()) {
			problems.add("\"fields\" is missing or empty");
		}
		Set<String> variables = new HashSet<>();
		for (int i = 0; i < form.fields().size(); i++) {
			FormField field = form.fields().get(i);
			String where = "field " + (i + 1) + ((field.id() != null) ? " '" + field.id() + "'" : "");
			if (blank(field.id()) || !VARIABLE.matcher(field.id()).matches()) {
				problems.add(where + ": \"id\" must be a variable name (letters, digits, _)");
				continue;
			}
			FieldType type = field.kind();
			if (type == null) {
				problems.add(where + ": \"type\" '" + field.type() + "' is not one of " + FieldType.names());
				continue;
			}
			for (String variable : new FormDefinition(form.key(), form.title(), null, List.of(field)).variables()) {
				if (!variables.add(variable)) {
					problems.add(where + ": variable '" + variable + "' is used by two fields");
				}
			}
			if (blank(field.label())) {
				problems.add(where + ": \"label\" is missing");
			}
			if (field.readOnly() && field.required()) {
				problems.add(where + ": a read-only field cannot be required");
			}
			if (field.prefill() != null && !PREFILL.matcher(field.prefill()).matches()) {
				problems.add(where + ": \"prefill\" must be a variable name or variable.key");
			}
			checkLimits(field, type, where, problems);
			checkChoices(field, type, where, problems);
			checkDefault(field, type, where, problems);
		}
		return problems;
	}

	private static void checkLimits(FormField field, FieldType type, String where, List<String> problems) {
		boolean numeric = type == FieldType.NUMBER || type == FieldType.MONEY;
		boolean text = type == FieldType.TEXT || type == FieldType.TEXTAREA;
		if (!numeric && (field.min() != null || field.max() != null)) {
			problems.add(where + ": \"min\"/\"max\" apply to number and money fields only");
		}
		if (field.min() != null && field.max() != null && field.min().compareTo(field.max()) > 0) {
			problems.add(where + ": \"min\" is greater than \"max\"");
		}
		if (!text && (field.minLength() != null || field.maxLength() != null || field.pattern() != null)) {
			problems.add(where + ": \"minLength\"/\"maxLength\"/\"pattern\" apply to text and textarea fields only");
		}
		if (field.minLength() != null && field.maxLength() != null && field.minLength() > field.maxLength()) {
			problems.add(where + ": \"minLength\" is greater than \"maxLength\"");
		}
		if ((field.minLength() != null && field.minLength() < 0)
				|| (field.maxLength() != null && field.maxLength() < 1)) {
			problems.add(where + ": lengths must be positive");
		}
		if (field.pattern() != null) {
			try {
				Pattern.compile(field.pattern());
			}
			catch (PatternSyntaxException ex) {
				problems.add(where + ": \"pattern\" is not a valid regular expression: " + ex.getDescription());
			}
		}
		if (type == FieldType.MONEY) {
			for (String code : field.currencies()) {
				try {
					Currency.getInstance(code);
				}
				catch (IllegalArgumentException | NullPointerException ex) {
					problems.add(where + ": currency '" + code + "' is not an ISO 4217 code");
				}
			}
			if (field.currencyField() != null && !VARIABLE.matcher(field.currencyField()).matches()) {
				problems.add(where + ": \"currencyField\" must be a variable name");
			}
		}
	}

	private static void checkChoices(FormField field, FieldType type, String where, List<String> problems) {
		if (type == FieldType.SELECT && field.options().isEmpty()) {
			problems.add(where + ": a select needs \"options\"");
		}
		if (type == FieldType.DECISION) {
			if (field.outcomes().isEmpty()) {
				problems.add(where + ": a decision needs \"outcomes\"");
			}
			Set<String> outcomes = new HashSet<>();
			field.outcomes().forEach((outcome) -> outcomes.add(outcome.value()));
			for (String outcome : field.reasonRequiredFor()) {
				if (!outcomes.contains(outcome)) {
					problems.add(where + ": \"reasonRequiredFor\" names '" + outcome + "', which is not an outcome");
				}
			}
			if (field.readOnly()) {
				problems.add(where + ": a decision cannot be read-only");
			}
		}
		for (FormField.Option option : field.choices()) {
			if (option == null || blank(option.value()) || blank(option.label())) {
				problems.add(where + ": every option needs a \"value\" and a \"label\"");
			}
		}
		if (type != FieldType.SELECT && !field.options().isEmpty()) {
			problems.add(where + ": \"options\" apply to select fields only");
		}
	}

	private static void checkDefault(FormField field, FieldType type, String where, List<String> problems) {
		Object value = field.defaultValue();
		if (value == null) {
			return;
		}
		String text = value.toString();
		boolean ok = switch (type) {
			case BOOLEAN -> value instanceof Boolean;
			case NUMBER, MONEY -> value instanceof Number || isNumber(text);
			case DATE -> isDate(text);
			case SELECT, DECISION -> field.choices().stream().anyMatch((option) -> text.equals(option.value()));
			default -> value instanceof String;
		};
		if (!ok) {
			problems.add(where + ": \"default\" " + value + " does not fit a " + field.type() + " field");
		}
	}

	private static boolean isNumber(String text) {
		try {
			new BigDecimal(text);
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static boolean isDate(String text) {
		try {
			LocalDate.parse(text);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
