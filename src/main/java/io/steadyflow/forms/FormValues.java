package io.steadyflow.forms;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Initial values of a form from an instance's variables: the variable named by
 * {@code prefill} ({@code variable} or {@code variable.key} of a Map or JSON variable),
 * then the variable named like the field, then the field's default.
 */
public final class FormValues {

	private FormValues() {
	}

	/** Input name → initial text, for every field of the form. */
	public static Map<String, String> initial(FormDefinition form, Map<String, Object> variables) {
		Map<String, String> values = new LinkedHashMap<>();
		for (FormField field : form.fields()) {
			Object value = null;
			if (field.prefill() != null) {
				value = lookup(field.prefill(), variables);
			}
			if (value == null) {
				value = variables.get(field.id());
			}
			if (value == null) {
				value = field.defaultValue();
			}
			values.put(field.id(), text(field, value));
			if (field.kind() == FieldType.MONEY) {
				Object currency = variables.get(field.currencyVariable());
				values.put(field.currencyVariable(),
						(currency != null) ? currency.toString() : field.currencies().get(0));
			}
			if (field.kind() == FieldType.DECISION) {
				Object reason = variables.get(field.reasonVariable());
				values.put(field.reasonVariable(), (reason != null) ? reason.toString() : "");
			}
		}
		return values;
	}

	static Object lookup(String path, Map<String, Object> variables) {
		int dot = path.indexOf('.');
		if (dot < 0) {
			return variables.get(path);
		}
		Object root = variables.get(path.substring(0, dot));
		String key = path.substring(dot + 1);
		if (root instanceof Map<?, ?> map) {
			return map.get(key);
		}
		if (root instanceof JsonNode node) {
			JsonNode child = node.get(key);
			if (child == null || child.isNull()) {
				return null;
			}
			return child.isValueNode() ? child.asText() : child.toString();
		}
		return null;
	}

	private static String text(FormField field, Object value) {
		if (value == null) {
			return "";
		}
		if (field.kind() == FieldType.DATE) {
			LocalDate date = date(value);
			return (date != null) ? date.toString() : value.toString();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		return value.toString();
	}

	/** A date read tolerantly: LocalDate, java.util.Date or an ISO string. */
	static LocalDate date(Object value) {
		if (value instanceof LocalDate date) {
			return date;
		}
		if (value instanceof Date date) {
			return date.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
		}
		try {
			return LocalDate.parse(value.toString().strip());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A value shown read-only.
	 *
	 * @param id the field id
	 * @param label the field label
	 * @param text the value as text ("—" when there is none)
	 */
	public record Shown(String id, String label, String text) {
	}

	/** The form's read-only fields with the instance's values. */
	public static java.util.List<Shown> readOnly(FormDefinition form, Map<String, Object> variables) {
		return shown(form.readOnlyFields(), form, variables);
	}

	/** Every field of the form with the instance's values (for the instance page). */
	public static java.util.List<Shown> all(FormDefinition form, Map<String, Object> variables) {
		return shown(form.fields(), form, variables);
	}

	private static java.util.List<Shown> shown(java.util.List<FormField> fields, FormDefinition form,
			Map<String, Object> variables) {
		Map<String, String> values = initial(form, variables);
		return fields.stream().map((field) -> {
			String text = values.getOrDefault(field.id(), "");
			if (field.kind() == FieldType.MONEY && !text.isEmpty()) {
				text = text + " " + values.getOrDefault(field.currencyVariable(), "");
			}
			if (field.kind() == FieldType.BOOLEAN) {
				text = "true".equals(text) ? "yes" : "no";
			}
			if (field.kind() == FieldType.DECISION || field.kind() == FieldType.SELECT) {
				String value = text;
				text = field.choices()
					.stream()
					.filter((option) -> option.value().equals(value))
					.map(FormField.Option::label)
					.findFirst()
					.orElse(value);
				String reason = values.get(field.reasonVariable());
				if (field.kind() == FieldType.DECISION && reason != null && !reason.isEmpty()) {
					text = text + " — " + reason;
				}
			}
			return new Shown(field.id(), field.label(), text.isEmpty() ? "—" : text);
		}).toList();
	}

}
