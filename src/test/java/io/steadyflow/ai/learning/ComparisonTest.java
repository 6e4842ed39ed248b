package io.steadyflow.ai.learning;

import java.util.List;

import io.steadyflow.ai.learning.LabelsFigures.Figures;
import io.steadyflow.ai.learning.LabelsFigures.LabelFigure;
import io.steadyflow.ai.learning.LabelsFigures.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The deploy gate's judgement of a new labels version, on figures with known answers. */
class ComparisonTest {

	static final Rule THRESHOLD = new Rule(null, 0.75);

	static final Rule PRECISION = new Rule(0.95, 0);

	static Figures figures(double precision, double coverage, Double billingPrecision) {
		return new Figures("x.labels.json sha256:0", "test", 100, precision, coverage,
				List.of(new LabelFigure("billing", 50, 40, 38, billingPrecision, 0.8, 0.9),
						new LabelFigure("access", 50, 30, 30, 1.0, 0.6, 0.8)));
	}

	@Test
	void aVersionAsGoodOrBetterPasses() {
		Comparison same = Comparison.of(THRESHOLD, figures(0.95, 0.70, 0.95), figures(0.95, 0.70, 0.95));
		assertThat(same.worse()).isFalse();
		assertThat(same.why()).isEmpty();
		assertThat(Comparison.of(THRESHOLD, figures(0.95, 0.70, 0.95), figures(0.97, 0.75, 0.97)).worse()).isFalse();
	}

	@Test
	void lessThanHalfAPointDownIsRoundingNotARegression() {
		assertThat(Comparison.of(THRESHOLD, figures(0.950, 0.700, 0.95), figures(0.946, 0.696, 0.95)).worse())
			.isFalse();
	}

	@Test
	void lowerPrecisionOrCoverageIsWorseAndSaysWhy() {
		Comparison lessRight = Comparison.of(THRESHOLD, figures(0.95, 0.70, 0.95), figures(0.93, 0.72, 0.95));
		assertThat(lessRight.worse()).isTrue();
		assertThat(lessRight.why()).containsExactly("precision falls from 95.0 % to 93.0 %");

		Comparison lessRouted = Comparison.of(THRESHOLD, figures(0.95, 0.70, 0.95), figures(0.96, 0.60, 0.95));
		assertThat(lessRouted.worse()).isTrue();
		assertThat(lessRouted.why()).containsExactly("coverage (routed alone) falls from 70.0 % to 60.0 %");
		assertThat(lessRouted.rule()).isEqualTo("threshold 0.75");
	}

	@Test
	void aLabelThatNoLongerMeetsTheDeclaredPrecisionIsWorse() {
		Comparison comparison = Comparison.of(PRECISION, figures(0.96, 0.70, 0.96), figures(0.96, 0.70, 0.90));
		assertThat(comparison.worse()).isTrue();
		assertThat(comparison.why()).containsExactly("label 'billing' falls below the declared precision: 90.0 %");
		// the same drop with a raw threshold declares no per-label target
		assertThat(Comparison.of(THRESHOLD, figures(0.96, 0.70, 0.96), figures(0.96, 0.70, 0.90)).worse()).isFalse();
	}

}
