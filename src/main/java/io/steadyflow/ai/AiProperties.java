package io.steadyflow.ai;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * AI assistance (docs/ai.md).
 *
 * @param classifyThreshold default confidence from which a classification counts as sure;
 * a process or step overrides it with {@code sf:aiThreshold}
 * @param extractThreshold default confidence from which an extraction counts as sure
 * @param labelsLocation the folder of the labels files named by {@code sf:aiLabels}
 * @param warmUp whether the labels files of the latest deployed classify steps are
 * embedded in the background when the application is ready, so that the first
 * classification does not wait for the model
 * @param chat the chat model for extract and summarize; without a base URL the built-in
 * deterministic extractor and summarizer are used
 */
@ConfigurationProperties("steadyflow.ai")
public record AiProperties(@DefaultValue("0.75") double classifyThreshold, @DefaultValue("0.9") double extractThreshold,
		@DefaultValue("./processes") Path labelsLocation, @DefaultValue("true") boolean warmUp,
		@DefaultValue Chat chat) {

	/**
	 * An OpenAI-compatible chat-completions endpoint (OpenAI, Azure-compatible gateways,
	 * Ollama's {@code /v1}, vLLM, ...).
	 *
	 * @param baseUrl e.g. {@code http://localhost:11434/v1}; empty: no chat model
	 * @param apiKey from the environment (STEADYFLOW_AI_CHAT_API_KEY); some local servers
	 * need none
	 * @param model the model name, e.g. {@code llama3.1:8b}
	 * @param timeout how long one call may take before it is a technical failure (retried
	 * by the engine)
	 */
	public record Chat(String baseUrl, String apiKey, @DefaultValue("gpt-4o-mini") String model,
			@DefaultValue("20s") Duration timeout) {

		boolean configured() {
			return this.baseUrl != null && !this.baseUrl.isBlank();
		}

	}

}
