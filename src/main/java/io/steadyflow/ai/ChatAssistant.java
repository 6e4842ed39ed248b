package io.steadyflow.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * Extraction and summaries through the chat model the operator configured
 * ({@code steadyflow.ai.chat.*}), spoken to with the OpenAI chat-completions protocol
 * (OpenAI, Ollama's {@code /v1}, vLLM, LiteLLM and other compatible servers).
 * <p>
 * Extraction asks for JSON that follows an {@link ExtractionSchema} and checks the answer
 * against it: anything else (no JSON, wrong types, an impossible date) is an
 * {@link AiFailure}, as is a call that exceeds the timeout. The client makes no retries
 * of its own: the engine's job retries are the one retry policy, visible in the diagram.
 */
final class ChatAssistant {

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

	/**
	 * Asks for the fields of {@code schema} as one JSON object and checks that the answer
	 * is one; the schema reads the fields.
	 */
	Answer<ExtractedJson> extract(ExtractionSchema schema, String text) {
		ChatResponse response = call(ChatRequest.builder()
			.messages(SystemMessage.from(schema.instructions()), UserMessage.from(text))
			.responseFormat(
					ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema.jsonSchema()).build())
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
		return new Answer<>(new ExtractedJson(json), version(response));
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

	private static String abbreviate(String content) {
		if (content == null) {
			return "(nothing)";
		}
		return (content.length() > 200) ? content.substring(0, 200) + "…" : content;
	}

}
