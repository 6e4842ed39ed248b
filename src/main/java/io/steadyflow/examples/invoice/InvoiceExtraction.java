package io.steadyflow.examples.invoice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.steadyflow.ai.AiFailure;
import io.steadyflow.ai.ExtractedJson;
import io.steadyflow.ai.Extraction;
import io.steadyflow.ai.ExtractionSchema;
import io.steadyflow.examples.ExampleWorkflow;

import org.springframework.stereotype.Component;

/**
 * What the invoice workflow's AI step reads from an invoice
 * ({@code sf:aiSchema="invoice"}): number, vendor, dates, net, VAT and total, currency,
 * VAT id and IBAN. With a chat model the fields come from its JSON answer, without one
 * from {@link InvoiceRules}; either way {@link InvoiceFields} judges what is missing,
 * what does not add up and how sure the reading is.
 */
@ExampleWorkflow
@Component
class InvoiceExtraction implements ExtractionSchema {

	static final String NAME = "invoice";

	private static final JsonSchema SCHEMA = JsonSchema.builder()
		.name("invoice")
		.rootElement(JsonObjectSchema.builder()
			.addStringProperty("invoiceNumber", "the invoice number as printed, or null")
			.addStringProperty("vendor", "the company that issued the invoice (not the recipient), or null")
			.addStringProperty("invoiceDate", "the invoice date as YYYY-MM-DD, or null")
			.addStringProperty("dueDate", "the payment due date as YYYY-MM-DD, or null if the invoice states none")
			.addNumberProperty("net", "the total before VAT, or null")
			.addNumberProperty("vat", "the VAT or sales tax amount, or null")
			.addNumberProperty("gross", "the total to pay including VAT, or null")
			.addStringProperty("currency", "ISO 4217 code such as EUR, or null")
			.addStringProperty("vatId", "the vendor's VAT identification number, or null")
			.addStringProperty("iban", "the IBAN to pay to, or null")
			.required(List.of("invoiceNumber", "vendor", "invoiceDate", "dueDate", "net", "vat", "gross", "currency",
					"vatId", "iban"))
			.additionalProperties(false)
			.build())
		.build();

	private static final String INSTRUCTIONS = """
			You read invoices. Answer with one JSON object with the keys invoiceNumber, vendor, invoiceDate,
			dueDate, net, vat, gross, currency, vatId, iban. Copy values exactly as the invoice states them;
			use null for anything the invoice does not state. Never compute or guess a value.""";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public JsonSchema jsonSchema() {
		return SCHEMA;
	}

	@Override
	public String instructions() {
		return INSTRUCTIONS;
	}

	@Override
	public Extraction read(ExtractedJson answer) {
		InvoiceFields fields = new InvoiceFields(answer.text("invoiceNumber"), answer.text("vendor"),
				answer.date("invoiceDate"), answer.date("dueDate"), answer.amount("net"), answer.amount("vat"),
				answer.amount("gross"), answer.text("currency"), answer.text("vatId"), answer.text("iban"), false,
				false);
		if (fields.currency() != null && !fields.currency().matches("[A-Z]{3}")) {
			throw new AiFailure("The chat model answered currency '" + fields.currency() + "', not an ISO 4217 code");
		}
		return extraction(fields);
	}

	@Override
	public Extraction extract(String text) {
		return extraction(InvoiceRules.extract(text));
	}

	@Override
	public String modelId() {
		return InvoiceRules.MODEL_ID;
	}

	@Override
	public String modelVersion() {
		return InvoiceRules.VERSION;
	}

	static Extraction extraction(InvoiceFields fields) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("invoiceNumber", fields.invoiceNumber());
		values.put("vendor", fields.vendor());
		values.put("invoiceDate", Objects.toString(fields.invoiceDate(), null));
		values.put("dueDate", Objects.toString(fields.dueDate(), null));
		values.put("net", fields.net());
		values.put("vat", fields.vat());
		values.put("gross", fields.gross());
		values.put("currency", fields.currency());
		values.put("vatId", fields.vatId());
		values.put("iban", fields.iban());
		double confidence = fields.confidence();
		List<String> missing = fields.missing();
		return new Extraction(values, confidence, missing, fields.problems(), describe(fields, missing, confidence));
	}

	private static String describe(InvoiceFields fields, List<String> missing, double confidence) {
		List<String> parts = new ArrayList<>();
		parts.add("Invoice " + Objects.toString(fields.invoiceNumber(), "(no number)") + " from "
				+ Objects.toString(fields.vendor(), "(unknown vendor)"));
		if (fields.gross() != null) {
			parts.add("over " + Objects.toString(fields.currency(), "") + " " + fields.gross().toPlainString());
		}
		if (fields.dueDate() != null) {
			parts.add("due " + fields.dueDate());
		}
		StringBuilder text = new StringBuilder(String.join(", ", parts)).append('.');
		text.append(" Confidence ").append(confidence).append('.');
		if (!missing.isEmpty()) {
			text.append(" Not found: ").append(String.join(", ", missing)).append('.');
		}
		List<String> problems = fields.problems();
		if (!problems.isEmpty()) {
			text.append(" Check: ").append(String.join("; ", problems)).append('.');
		}
		return text.toString();
	}

}
