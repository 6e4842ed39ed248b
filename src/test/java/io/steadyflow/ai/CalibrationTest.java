package io.steadyflow.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Isotonic calibration on synthetic results whose true chance of being right is known.
 */
class CalibrationTest {

	/** Raw confidences uniform in [0.3, 1], right with the chance {@code truth} gives. */
	static List<Calibration.Sample> samples(int count, long seed, DoubleUnaryOperator truth) {
		Random random = new Random(seed);
		List<Calibration.Sample> samples = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			double raw = 0.3 + 0.7 * random.nextDouble();
			samples.add(new Calibration.Sample(raw, random.nextDouble() < truth.applyAsDouble(raw)));
		}
		return samples;
	}

	@Test
	void anOverconfidentClassifierIsBroughtDownToHowOftenItIsRight() {
		// says 0.9 when it is right 0.9^3 = 73 % of the time
		DoubleUnaryOperator truth = (raw) -> raw * raw * raw;
		Calibration calibration = Calibration.fit(samples(4000, 1, truth));

		for (double raw : new double[] { 0.5, 0.7, 0.9, 0.97 }) {
			assertThat(calibration.apply(raw)).as("at %s", raw).isCloseTo(truth.applyAsDouble(raw), within(0.06));
		}
		List<Calibration.Sample> fresh = samples(4000, 2, truth);
		List<Calibration.Sample> calibrated = fresh.stream()
			.map((s) -> new Calibration.Sample(calibration.apply(s.confidence()), s.correct()))
			.toList();
		assertThat(Calibration.expectedError(fresh, 10)).as("raw").isGreaterThan(0.15);
		assertThat(Calibration.expectedError(calibrated, 10)).as("calibrated, on results not fitted on")
			.isLessThan(0.05);
	}

	@Test
	void calibratedConfidenceNeverFallsWhenTheRawOneRisesAndIsNeverACertainty() {
		Calibration calibration = Calibration.fit(samples(500, 3, (raw) -> 1.0));
		double previous = 0;
		for (double raw = 0.3; raw <= 1.0; raw += 0.01) {
			double value = calibration.apply(raw);
			assertThat(value).isGreaterThanOrEqualTo(previous);
			previous = value;
		}
		assertThat(calibration.apply(1.0)).as("500 right of 500 prove 500/501").isEqualTo(500.0 / 501);
	}

	@Test
	void poolsAdjacentViolatorsWithKnownAnswers() {
		// raw 0.2: 1 right of 2; 0.4: 0 of 2 (violates, pooled with 0.2: 1 of 4 at 0.3);
		// 0.8: 3 of 3
		List<Calibration.Sample> samples = List.of(new Calibration.Sample(0.2, true),
				new Calibration.Sample(0.2, false), new Calibration.Sample(0.4, false),
				new Calibration.Sample(0.4, false), new Calibration.Sample(0.8, true),
				new Calibration.Sample(0.8, true), new Calibration.Sample(0.8, true));

		Calibration calibration = Calibration.fit(samples);

		assertThat(calibration.raw()).hasSize(2);
		assertThat(calibration.raw()[0]).isCloseTo(0.3, within(1e-9));
		assertThat(calibration.raw()[1]).isCloseTo(0.8, within(1e-9));
		assertThat(calibration.calibrated()).containsExactly(1.0 / 5, 3.0 / 4);
		assertThat(calibration.apply(0.55)).as("halfway between the blocks")
			.isCloseTo((1.0 / 5 + 3.0 / 4) / 2, within(1e-6));
		assertThat(calibration.apply(0.1)).isEqualTo(1.0 / 5);
		assertThat(calibration.apply(0.95)).isEqualTo(3.0 / 4);
		assertThat(Calibration.IDENTITY.apply(0.42)).isEqualTo(0.42);
	}

	@Test
	void expectedCalibrationErrorWithKnownAnswers() {
		// bin 0.9: confidence 0.9, right 1 of 2 -> gap 0.4, weight 2/4; bin 0.5: 0.5, 1
		// of 2 -> no gap
		List<Calibration.Sample> samples = List.of(new Calibration.Sample(0.9, true),
				new Calibration.Sample(0.9, false), new Calibration.Sample(0.5, true),
				new Calibration.Sample(0.5, false));

		assertThat(Calibration.expectedError(samples, 10)).isCloseTo(0.2, within(1e-9));
	}

}
