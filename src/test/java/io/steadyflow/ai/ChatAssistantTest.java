package io.steadyflow.ai;

import java.time.Duration;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat-model path against a local server that speaks the OpenAI chat-completions
 * protocol: a good answer, malformed answers and an answer that comes too late.
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

	@Test
	void extractsInvoiceFieldsFromAGoodJsonAnswerAndAsksWithTheSchema() throws Exception {
		server.answers("""
				{"invoiceNumber":"A-17","vendor":"Blue Sky Ltd","invoiceDate":"2026-11-02","dueDate":"2026-12-02",
				 "net":100.00,"vat":20.00,"gross":120.00,"currency":"GBP","vatId":null,"iban":null}""");

		ChatAssistant.Answer<InvoiceFields> answer = assistant.extractInvoice("Invoice A-17 from Blue Sky Ltd ...");

		InvoiceFields fields = answer.value();
		assertThat(fields.invoiceNumber()).isEqualTo("A-17");
		assertThat(fields.vendor()).isEqualTo("Blue Sky Ltd");
		assertThat(fields.dueDate()).isEqualTo(LocalDate.of(2026, 12, 2));
		assertThat(fields.gross()).isEqualByComparingTo("120.00");
		assertThat(fields.missing()).isEmpty();
		assertThat(fields.confidence()).isEqualTo(1.0);
		assertThat(answer.modelVersion()).isEqualTo("test-model-2026-01");

		JsonNode request = objectMapper.readTree(server.requests().get(server.requests().size() - 1));
		assertThat(request.get("model").asText()).isEqualTo("test-model");
		assertThat(request.at("/response_format/type").asText()).isEqualTo("json_schema");
		assertThat(request.at("/response_format/json_schema/schema/required").toString()).contains("invoiceNumber",
				"dueDate", "gross");
		assertThat(request.at("/messages/1/content").asText()).contains("Invoice A-17");
	}

	@Test
	void missingValuesInTheAnswerAreReportedAsMissing() {
		server.answers("""
				{"invoiceNumber":"A-18","vendor":"Blue Sky Ltd","invoiceDate":null,"dueDate":null,
				 "net":null,"vat":null,"gross":"1.234,50","currency":"EUR","vatId":null,"iban":null}""");

		InvoiceFields fields = assistant.extractInvoice("...").value();

		assertThat(fields.gross()).isEqualByComparingTo("1234.50");
		assertThat(fields.missing()).containsExactly("dueDate");
	}

	@Test
	void answerThatIsNotJsonIsAFailure() {
		server.answers("Sure! The invoice number is A-17 and the total is 120 GBP.");

		assertThatThrownBy(() -> assistant.extractInvoice("...")).isInstanceOf(AiFailure.class)
			.hasMessageContaining("answered no JSON");
	}

	@Test
	void answerWithWrongTypesIsAFailure() {
		server.answers("""
				{"invoiceNumber":"A-17","vendor":{"name":"Blue Sky"},"invoiceDate":null,"dueDate":"next Tuesday",
				 "net":null,"vat":null,"gross":120,"currency":"EUR","vatId":null,"iban":null}""");

		assertThatThrownBy(() -> assistant.extractInvoice("...")).isInstanceOf(AiFailure.class)
			.hasMessageContaining("vendor");
		server.answers("""
				{"invoiceNumber":"A-17","vendor":"Blue Sky","invoiceDate":null,"dueDate":"next Tuesday",
				 "net":null,"vat":null,"gross":120,"currency":"EUR","vatId":null,"iban":null}""");
		assertThatThrownBy(() -> assistant.extractInvoice("...")).isInstanceOf(AiFailure.class)
			.hasMessageContaining("dueDate 'next Tuesday'");
	}

	@Test
	void answerThatComesTooLateIsAFailure() {
		server.answersAfter(Duration.ofSeconds(4), "{}");
		long started = System.nanoTime();

		assertThatThrownBy(() -> assistant.extractInvoice("...")).isInstanceOf(AiFailure.class)
			.hasMessageContaining("failed");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
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
