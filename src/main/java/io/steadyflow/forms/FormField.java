package io.steadyflow.forms;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One field of a form (docs/forms.md). {@code id} is the process variable it reads and
 * writes.
 *
 * @param id the process variable
 * @param label what the person sees
 * @param type text, textarea, number, money, date, boolean, select, email or decision
 * @param required whether a value must be given
 * @param min smallest number or amount
 * @param max largest number or amount
 * @param minLength shortest text
 * @param maxLength longest text
 * @param pattern regular expression the whole text must match
 * @param defaultValue initial value when the instance has none
 * @param readOnly shows a process variable, never written back
 * @param help help text under the field
 * @param options the choices of a select
 * @param prefill variable (or {@code variable.key}) to take the initial value from
 * @param currencyField money: the variable holding the currency (default
 * {@code <id>Currency})
 * @param currencies money: the currencies offered (default EUR, USD, GBP, CHF)
 * @param outcomes decision: the outcomes offered
 * @param reasonRequiredFor decision: outcomes that need a reason
 */
public record FormField(String id, String label, String type, boolean required, BigDecimal min, BigDecimal max,
		Integer minLength, Integer maxLength, String pattern, @JsonProperty("default") Object defaultValue,
		boolean readOnly, String help, List<Option> options, String prefill, String currencyField,
		List<String> currencies, List<Option> outcomes, List<String> reasonRequiredFor) {

	static final List<String> DEFAULT_CURRENCIES = List.of("EUR", "USD", "GBP", "CHF");

	public FormField {
		options = (options != null) ? List.copyOf(options) : List.of();
		outcomes = (outcomes != null) ? List.copyOf(outcomes) : List.of();
		reasonRequiredFor = (reasonRequiredFor != null) ? List.copyOf(reasonRequiredFor) : List.of();
		currencies = (currencies != null && !currencies.isEmpty()) ? List.copyOf(currencies) : DEFAULT_CURRENCIES;
	}

	/**
	 * @param value the stored value
	 * @param label what the person sees
	 */
	public record Option(String value, String label) {
	}

	public FieldType kind() {
		return FieldType.of(this.type);
	}

	/** money: the variable that holds the currency code. */
	public String currencyVariable() {
		return (this.currencyField != null && !this.currencyField.isBlank()) ? this.currencyField
				: this.id + "Currency";
	}

	/** decision: the variable that holds the reason. */
	public String reasonVariable() {
		return this.id + "Reason";
	}

	/** The choices of a select or a decision. */
	public List<Option> choices() {
		return (kind() == FieldType.DECISION) ? this.outcomes : this.options;
	}

	public boolean reasonRequired(String outcome) {
		return outcome != null && this.reasonRequiredFor.contains(outcome);
	}

	/** The input's type attribute in HTML. */
	public String inputType() {
		return switch (kind()) {
			case NUMBER, MONEY -> "number";
			case DATE -> "date";
			case EMAIL -> "email";
			default -> "text";
		};
	}

}
