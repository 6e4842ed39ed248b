package io.steadyflow.ai;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-label thresholds of a declared precision, on synthetic cross-validated results
 * whose answers are known.
 */
class PrecisionRuleTest {

	static List<PrecisionRule.Result> results(String label, int count, double from, double to, int wrongAtTheBottom) {
		List<PrecisionRule.Result> results = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			double confidence = from + (to - from) * i / Math.max(1, count - 1);
			results.add(new PrecisionRule.Result(label, confidence, i >= wrongAtTheBottom));
		}
		return results;
	}

	@Test
	void eachLabelGetsTheLowestThresholdThatKeepsItsSureResultsRightOftenEnough() {
		List<PrecisionRule.Result> results = new ArrayList<>();
		// billing: 40 right between 0.80 and 0.99, then 10 wrong between 0.40 and 0.60:
		// the
		// first wrong one still keeps the estimate at 40/42 = 0.952, the second does not
		// (40/43 = 0.930)
		results.addAll(results("billing", 40, 0.80, 0.99, 0));
		results.addAll(results("billing", 10, 0.40, 0.60, 10));
		// outage: 60 between 0.50 and 0.99, the lowest 30 wrong half the time
		for (int i = 0; i < 60; i++) {
			double confidence = 0.50 + 0.49 * i / 59;
			results.add(new PrecisionRule.Result("outage", confidence, i >= 30 || i % 2 == 0));
		}

		PrecisionRule rule = PrecisionRule.derive(results, 0.95, List.of("billing", "outage"));

		assertThat(rule.thresholds().get("billing")).isEqualTo(0.60);
		assertThat(rule.sure("billing", 0.60)).isTrue();
		assertThat(rule.sure("billing", 0.59)).isFalse();
		assertThat(rule.thresholds().get("outage")).isGreaterThan(0.70);
		assertThat(rule.expectedPrecision()).isGreaterThanOrEqualTo(0.95);
		assertThat(rule.expectedCoverage()).isGreaterThan(0.5).isLessThan(1);
	}

	@Test
	void aLabelWithTooFewResultsToProveTheTargetIsNeverSure() {
		// ten right results prove at most 10/11 = 0.91
		PrecisionRule rule = PrecisionRule.derive(results("access", 10, 0.9, 0.99, 0), 0.95, List.of("access"));

		assertThat(rule.thresholds().get("access")).isEqualTo(PrecisionRule.NEVER);
		assertThat(rule.sure("access", 1.0)).isFalse();
		assertThat(rule.expectedCoverage()).isZero();
		assertThat(PrecisionRule.derive(results("access", 10, 0.9, 0.99, 0), 0.9, List.of("access")).thresholds())
			.as("a lower target can be proven with the same results")
			.containsEntry("access", 0.9);
	}

	@Test
	void equalConfidencesAreNeverSplitAndUnknownLabelsAreNeverSure() {
		List<PrecisionRule.Result> results = new ArrayList<>(results("bug", 30, 0.95, 0.99, 0));
		for (int i = 0; i < 10; i++) {
			results.add(new PrecisionRule.Result("bug", 0.7, i < 8));
		}

		PrecisionRule rule = PrecisionRule.derive(results, 0.95, List.of("bug"));

		assertThat(rule.thresholds().get("bug")).isEqualTo(0.95);
		assertThat(rule.sure("feature-request", 0.99)).isFalse();
	}

}
