package io.steadyflow.metrics;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a submitted form value is compared with the AI's value it was pre-filled with: as
 * the person saw them.
 */
class HumanDecisionsTest {

	private final JsonNodeFactory json = JsonNodeFactory.instance;

	@Test
	void amountsAreTheSameByValueWhateverTheirScale() {
		assertThat(HumanDecisions.same(this.json.numberNode(new BigDecimal("2500")), new BigDecimal("2500.00")))
			.isTrue();
		assertThat(HumanDecisions.same(this.json.numberNode(2500.5), new BigDecimal("2500.50"))).isTrue();
		assertThat(HumanDecisions.same(this.json.numberNode(2500), new BigDecimal("2499.99"))).isFalse();
		assertThat(HumanDecisions.same(this.json.textNode("2500"), 2500L)).isTrue();
	}

	@Test
	void datesAndTextsAreTheSameByTheirText() {
		assertThat(HumanDecisions.same(this.json.textNode("2026-12-31"), LocalDate.of(2026, 12, 31))).isTrue();
		assertThat(HumanDecisions.same(this.json.textNode("ACME Supplies"), "ACME Supplies ")).isTrue();
		assertThat(HumanDecisions.same(this.json.textNode("ACME Supplies"), "ACME Supplies GmbH")).isFalse();
		assertThat(HumanDecisions.same(this.json.textNode("billing"), "access")).isFalse();
	}

	@Test
	void aFieldLeftEmptyIsAChange() {
		assertThat(HumanDecisions.same(this.json.textNode("billing"), null)).isFalse();
	}

}
