package io.steadyflow.ai;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat-model path against a local server that speaks the OpenAI chat-completions
 * protocol: a good answer read with an extraction schema of the test's own, malformed
 * answers and an answer that comes too late.
 */
class ChatAssistantTest {

	static ChatServer server;

	static ChatAssistant assistant;

	static final ObjectMapper objectMapper = new ObjectMapper();

	@BeforeAll
	static void start() {
		server = new ChatServer();
		assistant = new ChatAssistant(
				new AiProperties.Chat(server.baseUrl(), "test-key", "test-model", Duration.ofMillis(1500)),
				objectMapper);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	/** A small schema of the test's own: what a receipt says. */
	static final ExtractionSchema RECEIPT = new ExtractionSchema() {

		@Override
		public String name() {
			return "receipt";
		}

		@Override
		public JsonSchema jsonSchema() {
			return JsonSchema.builder()
				.name("receipt")
				.rootElement(JsonObjectSchema.builder()
					.addStringProperty("merchant", "who sold")
					.addStringProperty("date", "YYYY-MM-DD")
					.addNumberProperty("total", "the total paid")
					.required(List.of("merchant", "date", "total"))
					.build())
				.build();
		}

		@Override
		public String instructions() {
			return "You read receipts.";
		}

		@Override
		public Extraction read(ExtractedJson answer) {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("merchant", answer.text("merchant"));
			fields.put("date", Objects.toString(answer.date("date"), null));
			fields.put("total", answer.amount("total"));
			List<String> missing = fields.entrySet()
				.stream()
				.filter((field) -> field.getValue() == null)
				.map(Map.Entry::getKey)
				.toList();
			return new Extraction(fields, missing.isEmpty() ? 1.0 : 0.5, missing, List.of(), "a receipt");
		}

		@Override
		public Extraction extract(String text) {
			throw new UnsupportedOperationException("not used with a chat model");
		}

		@Override
		public String modelId() {
			return "none";
		}

		@Override
		public String modelVersion() {
			return "0";
		}

	};

	@Test
	void extractsTheSchemasFieldsFromAGoodJsonAnswerAndAsksWithTheSchema() throws Exception {
		server.answers("""
				{"merchant":"Blue Sky Ltd","date":"2026-11-02","total":120.00}""");

		ChatAssistant.Answer<ExtractedJson> answer = assistant.extract(RECEIPT, "Receipt from Blue Sky Ltd ...");

		Extraction extraction = RECEIPT.read(answer.value());
		assertThat(extraction.fields()).containsEntry("merchant", "Blue Sky Ltd").containsEntry("date", "2026-11-02");
		assertThat((BigDecimal) extraction.fields().get("total")).isEqualByComparingTo("120.00");
		assertThat(extraction.missing()).isEmpty();
		assertThat(answer.modelVersion()).isEqualTo("test-model-2026-01");

		JsonNode request = objectMapper.readTree(server.requests().get(server.requests().size() - 1));
		assertThat(request.get("model").asText()).isEqualTo("test-model");
		assertThat(request.at("/response_format/type").asText()).isEqualTo("json_schema");
		assertThat(request.at("/response_format/json_schema/schema/required").toString()).contains("merchant", "date",
				"total");
		assertThat(request.at("/messages/0/content").asText()).isEqualTo("You read receipts.");
		assertThat(request.at("/messages/1/content").asText()).contains("Receipt from Blue Sky");
	}

	@Test
	void amountsWrittenAsTextAreReadInEitherDecimalConventionAndNullsAreMissing() {
		server.answers("""
				{"merchant":"Blue Sky Ltd","date":null,"total":"1.234,50 EUR"}""");

		Extraction extraction = RECEIPT.read(assistant.extract(RECEIPT, "...").value());

		assertThat((BigDecimal) extraction.fields().get("total")).isEqualByComparingTo("1234.50");
		assertThat(extraction.missing()).containsExactly("date");
	}

	@Test
	void answerThatIsNotJsonIsAFailure() {
		server.answers("Sure! The merchant is Blue Sky and the total is 120 GBP.");

		assertThatThrownBy(() -> assistant.extract(RECEIPT, "...")).isInstanceOf(AiFailure.class)
			.hasMessageContaining("answered no JSON");
	}

	@Test
	void answerWithWrongTypesIsAFailureNamingTheField() {
		server.answers("""
				{"merchant":{"name":"Blue Sky"},"date":null,"total":120}""");
		assertThatThrownBy(() -> RECEIPT.read(assistant.extract(RECEIPT, "...").value())).isInstanceOf(AiFailure.class)
			.hasMessageContaining("merchant");

		server.answers("""
				{"merchant":"Blue Sky","date":"next Tuesday","total":120}""");
		assertThatThrownBy(() -> RECEIPT.read(assistant.extract(RECEIPT, "...").value())).isInstanceOf(AiFailure.class)
			.hasMessageContaining("date 'next Tuesday'");

		server.answers("""
				{"merchant":"Blue Sky","date":null,"total":"a lot"}""");
		assertThatThrownBy(() -> RECEIPT.read(assistant.extract(RECEIPT, "...").value())).isInstanceOf(AiFailure.class)
			.hasMessageContaining("total");
	}

	@Test
	void answerThatComesTooLateIsAFailure() {
		server.answersAfter(Duration.ofSeconds(4), "{}");
		long started = System.nanoTime();

		assertThatThrownBy(() -> assistant.extract(RECEIPT, "...")).isInstanceOf(AiFailure.class)
			.hasMessageContaining("failed");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void amountsAreParsedInTheCommonWritings() {
		assertThat(ExtractedJson.parseAmount("1,234.56")).isEqualByComparingTo("1234.56");
		assertThat(ExtractedJson.parseAmount("1.234,56")).isEqualByComparingTo("1234.56");
		assertThat(ExtractedJson.parseAmount("1 234,5")).isEqualByComparingTo("1234.50");
		assertThat(ExtractedJson.parseAmount("1'234.56")).isEqualByComparingTo("1234.56");
		assertThat(ExtractedJson.parseAmount("1234")).isEqualByComparingTo("1234.00");
		assertThat(ExtractedJson.parseAmount("12.345")).isEqualByComparingTo("12345.00");
		assertThat(ExtractedJson.parseAmount("abc")).isNull();
	}

	@Test
	void summarizesWithTheChatModel() {
		server.answers("The customer was billed for 60 seats but uses 42 and asks for a corrected invoice.");

		ChatAssistant.Answer<String> answer = assistant.summarize("long ticket text");

		assertThat(answer.value()).startsWith("The customer was billed");
	}

	@Test
	void emptySummaryIsAFailure() {
		server.answers("   ");

		assertThatThrownBy(() -> assistant.summarize("long ticket text")).isInstanceOf(AiFailure.class)
			.hasMessageContaining("empty summary");
	}

}
