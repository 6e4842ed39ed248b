package io.steadyflow.forms;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.SafeBpmnReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormBinderTest {

	static final String FORM = """
			{ "title": "Everything",
			  "fields": [
			    { "id": "vendor", "label": "Vendor", "type": "text", "required": true, "maxLength": 10 },
			    { "id": "code", "label": "Code", "type": "text", "pattern": "[A-Z]{3}" },
			    { "id": "count", "label": "Count", "type": "number", "min": 1, "max": 100 },
			    { "id": "rate", "label": "Rate", "type": "number" },
			    { "id": "amount", "label": "Amount", "type": "money", "required": true, "min": 0.01,
			      "currencyField": "currency", "currencies": ["EUR", "JPY"] },
			    { "id": "dueDate", "label": "Due date", "type": "date", "required": true },
			    { "id": "mail", "label": "Mail", "type": "email" },
			    { "id": "urgent", "label": "Urgent", "type": "boolean", "default": false },
			    { "id": "team", "label": "Team", "type": "select",
			      "options": [ { "value": "billing", "label": "Billing" } ] },
			    { "id": "note", "label": "Note", "type": "textarea", "readOnly": true },
			    { "id": "approval", "label": "Decision", "type": "decision",
			      "outcomes": [ { "value": "approve", "label": "Approve" }, { "value": "reject", "label": "Reject" } ],
			      "reasonRequiredFor": ["reject"] }
			  ] }
			""";

	final FormBinder binder = new FormBinder();

	final FormDefinition form = FormCatalogTest.parse("everything", FORM);

	Map<String, String> valid() {
		Map<String, String> input = new HashMap<>();
		input.put("vendor", " ACME ");
		input.put("code", "ABC");
		input.put("count", "42");
		input.put("rate", "0.25");
		input.put("amount", "1200.50");
		input.put("currency", "eur");
		input.put("dueDate", "2026-12-31");
		input.put("mail", "ap@example.com");
		input.put("urgent", "true");
		input.put("team", "billing");
		input.put("note", "written by the browser");
		input.put("approval", "approve");
		return input;
	}

	@Test
	void typesTheValues() {
		FormBinding binding = this.binder.bind(this.form, valid());
		assertThat(binding.errors()).isEmpty();
		assertThat(binding.variables()).containsEntry("vendor", "ACME")
			.containsEntry("count", 42L)
			.containsEntry("rate", new BigDecimal("0.25"))
			.containsEntry("amount", new BigDecimal("1200.50"))
			.containsEntry("currency", "EUR")
			.containsEntry("dueDate", LocalDate.of(2026, 12, 31))
			.containsEntry("urgent", true)
			.containsEntry("team", "billing")
			.containsEntry("approval", "approve")
			.doesNotContainKeys("note", "approvalReason");
	}

	@Test
	void anUncheckedBoxIsFalseAndEmptyOptionalFieldsWriteNothing() {
		Map<String, String> input = valid();
		input.remove("urgent");
		input.put("code", "");
		input.put("count", " ");
		FormBinding binding = this.binder.bind(this.form, input);
		assertThat(binding.variables()).containsEntry("urgent", false).doesNotContainKeys("code", "count");
	}

	@Test
	void namesEveryProblemAndKeepsWhatWasTyped() {
		Map<String, String> input = valid();
		input.put("vendor", "");
		input.put("code", "abc");
		input.put("count", "101");
		input.put("rate", "ten");
		input.put("amount", "12.5");
		input.put("currency", "JPY");
		input.put("dueDate", "31/12/2026");
		input.put("mail", "not-a-mail");
		input.put("team", "marketing");
		FormBinding binding = this.binder.bind(this.form, input);
		assertThat(binding.variables()).isEmpty();
		assertThat(binding.errors()).containsEntry("vendor", "Enter vendor.")
			.containsEntry("code", "Not in the expected format.")
			.containsEntry("count", "At most 100.")
			.containsEntry("rate", "'ten' is not a number.")
			.containsEntry("amount", "At most 0 decimals for JPY.")
			.containsEntry("dueDate", "'31/12/2026' is not a date like 2026-12-31.")
			.containsEntry("mail", "Not an e-mail address like name@example.com.")
			.containsEntry("team", "'marketing' is not one of the choices.");
		assertThat(binding.submitted()).containsEntry("rate", "ten").containsEntry("currency", "JPY");
	}

	@Test
	void aTooLongTextAndACurrencyNotOfferedAreRefused() {
		Map<String, String> input = valid();
		input.put("vendor", "A very long vendor name");
		input.put("currency", "USD");
		assertThat(this.binder.bind(this.form, input).errors())
			.containsEntry("vendor", "At most 10 characters (this has 23).")
			.containsEntry("amount", "Choose a currency: EUR, JPY.");
	}

	@Test
	void aRejectionNeedsAReasonAndAnUnknownOutcomeIsRefused() {
		Map<String, String> input = valid();
		input.put("approval", "reject");
		input.put("approvalReason", "  ");
		assertThat(this.binder.bind(this.form, input).errors()).containsEntry("approvalReason",
				"A reason is required to reject.");

		input.put("approvalReason", "Not ordered.");
		assertThat(this.binder.bind(this.form, input).variables()).containsEntry("approval", "reject")
			.containsEntry("approvalReason", "Not ordered.");

		input.put("approval", "maybe");
		assertThat(this.binder.bind(this.form, input).errors()).containsEntry("approval",
				"'maybe' is not one of the decisions.");
		input.remove("approval");
		assertThat(this.binder.bind(this.form, input).errors()).containsEntry("approval", "Choose a decision.");
	}

	@Test
	void initialValuesComeFromPrefillThenTheVariableThenTheDefault() {
		FormDefinition review = FormCatalogTest.parse("review", """
				{ "title": "Review", "fields": [
				  { "id": "vendor", "label": "Vendor", "type": "text", "prefill": "extraction.vendor" },
				  { "id": "invoiceNumber", "label": "Number", "type": "text", "prefill": "extraction.number" },
				  { "id": "dueDate", "label": "Due", "type": "date" },
				  { "id": "urgent", "label": "Urgent", "type": "boolean", "default": true } ] }
				""");
		Map<String, Object> variables = new HashMap<>();
		variables.put("extraction", Map.of("vendor", "ACME"));
		variables.put("invoiceNumber", "INV-1");
		variables.put("dueDate", java.util.Date.from(java.time.Instant.parse("2026-12-31T00:00:00Z")));
		assertThat(FormValues.initial(review, variables)).containsEntry("vendor", "ACME")
			.containsEntry("invoiceNumber", "INV-1")
			.containsEntry("dueDate", "2026-12-31")
			.containsEntry("urgent", "true");
	}

	static SafeBpmnReader reader() {
		return new SafeBpmnReader(BpmnInputLimits.defaults());
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
