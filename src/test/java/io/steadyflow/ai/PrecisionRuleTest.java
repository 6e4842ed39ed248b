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
	void eachLabelGetsTheLowestThresholdThatKeepsItsSureResultsRightOftenEnoughButNeverBelowThePooledOne() {
		List<PrecisionRule.Result> results = new ArrayList<>();
		// billing: 40 right between 0.80 and 0.99, then 10 wrong between 0.40 and 0.60:
		// on its own, the first wrong one still keeps the estimate at 40/42 = 0.952
		results.addAll(results("billing", 40, 0.80, 0.99, 0));
		results.addAll(results("billing", 10, 0.40, 0.60, 10));
		// outage: 60 between 0.50 and 0.99, the lowest 30 wrong half the time (odd ones)
		for (int i = 0; i < 60; i++) {
			double confidence = 0.50 + 0.49 * i / 59;
			results.add(new PrecisionRule.Result("outage", confidence, i >= 30 || i % 2 == 0));
		}
		// pooled, from the top: 70 right down to outage #30, then outage #29 wrong, #28
		// right, ... #26 right: 72/75 = 0.96; #25 wrong: 72/76 = 0.947, and it never
		// recovers. So no label goes below outage #26's confidence.
		double pooled = 0.50 + 0.49 * 26 / 59;
		// outage alone: its 30 right ones, then #29 wrong: 30/32 = 0.9375
		double outage = 0.50 + 0.49 * 30 / 59;

		PrecisionRule rule = PrecisionRule.derive(results, 0.95, List.of("billing", "outage"));

		assertThat(rule.thresholds().get("billing")).as("its own 0.60 is below the pooled threshold").isEqualTo(pooled);
		assertThat(rule.sure("billing", 0.716)).isTrue();
		assertThat(rule.sure("billing", 0.70)).isFalse();
		assertThat(rule.thresholds().get("outage")).as("its own, above the pooled one").isEqualTo(outage);
		assertThat(rule.expectedPrecision()).isEqualTo(1.0);
		assertThat(rule.expectedCoverage()).isEqualTo(70.0 / 110);
	}

	@Test
	void resultsWithoutEvidenceAreNeverSureButCount() {
		List<PrecisionRule.Result> results = new ArrayList<>(results("bug", 30, 0.95, 0.99, 0));
		for (int i = 0; i < 10; i++) {
			results.add(new PrecisionRule.Result(null, 0.99, false));
		}

		PrecisionRule rule = PrecisionRule.derive(results, 0.95, List.of("bug"));

		assertThat(rule.thresholds().get("bug")).isEqualTo(0.95);
		assertThat(rule.expectedCoverage()).isEqualTo(30.0 / 40);
		assertThat(rule.expectedPrecision()).isEqualTo(1.0);
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
