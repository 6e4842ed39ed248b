package io.steadyflow.ai;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * Extraction and summaries through the chat model the operator configured
 * ({@code steadyflow.ai.chat.*}), spoken to with the OpenAI chat-completions protocol
 * (OpenAI, Ollama's {@code /v1}, vLLM, LiteLLM and other compatible servers).
 * <p>
 * Extraction asks for JSON that follows a schema and checks the answer against it:
 * anything else (no JSON, wrong types, an impossible date) is an {@link AiFailure}, as is
 * a call that exceeds the timeout. The client makes no retries of its own: the engine's
 * job retries are the one retry policy, visible in the diagram.
 */
final class ChatAssistant {

	static final JsonSchema INVOICE_SCHEMA = JsonSchema.builder()
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

	private static final String EXTRACT_INSTRUCTIONS = """
			You read invoices. Answer with one JSON object with the keys invoiceNumber, vendor, invoiceDate,
			dueDate, net, vat, gross, currency, vatId, iban. Copy values exactly as the invoice states them;
			use null for anything the invoice does not state. Never compute or guess a value.""";

	private static final String SUMMARIZE_INSTRUCTIONS = """
			Summarize the text for the person who has to act on it, in at most three sentences: what is
			asked or reported, and any detail needed to act (names, numbers, dates). Do not add anything
			that is not in the text.""";

	private final AiProperties.Chat chat;

	private final ObjectMapper objectMapper;

	private final ChatModel model;

	ChatAssistant(AiProperties.Chat chat, ObjectMapper objectMapper) {
		this.chat = chat;
		this.objectMapper = objectMapper;
		this.model = OpenAiChatModel.builder()
			.baseUrl(chat.baseUrl())
			.apiKey((chat.apiKey() == null || chat.apiKey().isBlank()) ? "none" : chat.apiKey())
			.modelName(chat.model())
			.timeout(chat.timeout())
			.maxRetries(0)
			.temperature(0.0)
			.build();
	}

	String modelId() {
		return this.chat.model();
	}

	/** Whom the answer came from: the model name the server reports. */
	record Answer<T>(T value, String modelVersion) {
	}

	Answer<InvoiceFields> extractInvoice(String text) {
		ChatResponse response = call(ChatRequest.builder()
			.messages(SystemMessage.from(EXTRACT_INSTRUCTIONS), UserMessage.from(text))
			.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(INVOICE_SCHEMA).build())
			.build());
		String content = response.aiMessage().text();
		JsonNode json;
		try {
			json = this.objectMapper.readTree((content != null) ? content.strip() : "");
		}
		catch (JsonProcessingException ex) {
			throw new AiFailure("The chat model answered no JSON: " + abbreviate(content), ex);
		}
		if (json == null || !json.isObject()) {
			throw new AiFailure("The chat model answered no JSON object: " + abbreviate(content));
		}
		InvoiceFields fields = new InvoiceFields(text(json, "invoiceNumber"), text(json, "vendor"),
				date(json, "invoiceDate"), date(json, "dueDate"), number(json, "net"), number(json, "vat"),
				number(json, "gross"), text(json, "currency"), text(json, "vatId"), text(json, "iban"), false, false);
		if (fields.currency() != null && !fields.currency().matches("[A-Z]{3}")) {
			throw new AiFailure("The chat model answered currency '" + fields.currency() + "', not an ISO 4217 code");
		}
		return new Answer<>(fields, version(response));
	}

	Answer<String> summarize(String text) {
		ChatResponse response = call(ChatRequest.builder()
			.messages(SystemMessage.from(SUMMARIZE_INSTRUCTIONS), UserMessage.from(text))
			.build());
		String summary = response.aiMessage().text();
		if (summary == null || summary.isBlank()) {
			throw new AiFailure("The chat model answered an empty summary");
		}
		return new Answer<>(summary.strip(), version(response));
	}

	private ChatResponse call(ChatRequest request) {
		try {
			return this.model.chat(request);
		}
		catch (RuntimeException ex) {
			throw new AiFailure("The chat model at " + this.chat.baseUrl() + " failed: " + ex.getMessage(), ex);
		}
	}

	private String version(ChatResponse response) {
		return (response.modelName() != null) ? response.modelName() : this.chat.model();
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual() && !value.isNumber()) {
			throw new AiFailure("The chat model answered " + field + " as " + value.getNodeType() + ", not as text");
		}
		String text = value.asText().strip();
		return text.isEmpty() ? null : text;
	}

	private static LocalDate date(JsonNode json, String field) {
		String text = text(json, field);
		try {
			return (text != null) ? LocalDate.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			throw new AiFailure("The chat model answered " + field + " '" + text + "', not a date like 2026-12-31", ex);
		}
	}

	private static BigDecimal number(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return value.decimalValue();
		}
		if (value.isTextual()) {
			BigDecimal parsed = InvoiceRules.parseAmount(value.textValue().replaceAll("[^0-9.,'-]", ""));
			if (parsed != null) {
				return parsed;
			}
		}
		throw new AiFailure("The chat model answered " + field + " as '" + value + "', not as a number");
	}

	private static String abbreviate(String content) {
		if (content == null) {
			return "(nothing)";
		}
		return (content.length() > 200) ? content.substring(0, 200) + "…" : content;
	}

}
