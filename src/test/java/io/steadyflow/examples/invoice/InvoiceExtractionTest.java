package io.steadyflow.examples.invoice;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.ai.AiFailure;
import io.steadyflow.ai.ExtractedJson;
import io.steadyflow.ai.Extraction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The invoice schema judges a chat model's answer the way it judges the built-in reading:
 * completeness and consistency give the confidence, not the model.
 */
class InvoiceExtractionTest {

	final InvoiceExtraction schema = new InvoiceExtraction();

	/** As the application's: decimals stay exact (spring.jackson.deserialization). */
	final ObjectMapper objectMapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

	ExtractedJson answer(String json) throws Exception {
		return new ExtractedJson(this.objectMapper.readTree(json));
	}

	@Test
	void completeConsistentAnswerIsSure() throws Exception {
		Extraction extraction = this.schema.read(answer("""
				{"invoiceNumber":"A-17","vendor":"Blue Sky Ltd","invoiceDate":"2026-11-02","dueDate":"2026-12-02",
				 "net":100.00,"vat":20.00,"gross":120.00,"currency":"GBP","vatId":null,"iban":null}"""));

		assertThat(extraction.fields()).containsEntry("invoiceNumber", "A-17")
			.containsEntry("vendor", "Blue Sky Ltd")
			.containsEntry("dueDate", "2026-12-02");
		assertThat((BigDecimal) extraction.fields().get("gross")).isEqualByComparingTo("120.00");
		assertThat(extraction.missing()).isEmpty();
		assertThat(extraction.confidence()).isEqualTo(1.0);
		assertThat(extraction.summary()).startsWith("Invoice A-17 from Blue Sky Ltd, over GBP 120")
			.contains("due 2026-12-02.");
	}

	@Test
	void missingValuesAreReportedAndLowerTheConfidence() throws Exception {
		Extraction extraction = this.schema.read(answer("""
				{"invoiceNumber":"A-18","vendor":"Blue Sky Ltd","invoiceDate":null,"dueDate":null,
				 "net":null,"vat":null,"gross":"1.234,50","currency":"EUR","vatId":null,"iban":null}"""));

		assertThat((BigDecimal) extraction.fields().get("gross")).isEqualByComparingTo("1234.50");
		assertThat(extraction.missing()).containsExactly("dueDate");
		assertThat(extraction.confidence()).isLessThan(0.9);
	}

	@Test
	void totalsThatDoNotAddUpAreAProblem() throws Exception {
		Extraction extraction = this.schema.read(answer("""
				{"invoiceNumber":"A-19","vendor":"Blue Sky Ltd","invoiceDate":"2026-11-02","dueDate":"2026-12-02",
				 "net":100.00,"vat":20.00,"gross":210.00,"currency":"GBP","vatId":null,"iban":null}"""));

		assertThat(extraction.problems()).anySatisfy((problem) -> assertThat(problem).contains("is not the total"));
		assertThat(extraction.confidence()).isLessThan(0.9);
	}

	@Test
	void currencyThatIsNotAnIsoCodeIsAFailure() throws Exception {
		ExtractedJson euros = answer("""
				{"invoiceNumber":"A-17","vendor":"Blue Sky","invoiceDate":null,"dueDate":null,
				 "net":null,"vat":null,"gross":120,"currency":"Euro","vatId":null,"iban":null}""");

		assertThatThrownBy(() -> this.schema.read(euros)).isInstanceOf(AiFailure.class).hasMessageContaining("Euro");
	}

}
