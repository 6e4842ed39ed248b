package io.steadyflow.ai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a classifier's raw confidence into the probability that its answer is right:
 * isotonic regression (pool adjacent violators) over cross-validated results, read
 * between the pooled blocks by linear interpolation. Isotonic, because the raw scores of
 * a nearest-neighbour classifier are not shaped like any one curve; monotone, so that a
 * higher raw confidence never means a lower calibrated one, and interpolated, so that
 * confidences stay distinct enough for per-label thresholds to cut between them.
 * <p>
 * A result of calibrated confidence {@code p} is right about {@code p} of the time on
 * texts like those it was fitted on. Fitted on few results it is rough; with none it is
 * the identity.
 *
 * @param raw the raw confidences at the centre of each pooled block, ascending
 * @param calibrated the share of right results of each block, non-decreasing
 */
public record Calibration(double[] raw, double[] calibrated) {

	/** No calibration: the raw confidence is taken as it is. */
	public static final Calibration IDENTITY = new Calibration(new double[0], new double[0]);

	/** One result to fit on: the raw confidence and whether the answer was right. */
	public record Sample(double confidence, boolean correct) {
	}

	/** Fits the calibration to results whose rightness is known. */
	public static Calibration fit(List<Sample> samples) {
		if (samples.isEmpty()) {
			return IDENTITY;
		}
		List<Sample> sorted = new ArrayList<>(samples);
		sorted.sort(Comparator.comparingDouble(Sample::confidence));
		// blocks of equal raw confidence first, so that ties are never split
		List<double[]> blocks = new ArrayList<>();
		for (Sample sample : sorted) {
			double[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
			if (last != null && last[0] == sample.confidence()) {
				last[1] += sample.correct() ? 1 : 0;
				last[2]++;
				last[3] += sample.confidence();
			}
			else {
				blocks.add(new double[] { sample.confidence(), sample.correct() ? 1 : 0, 1, sample.confidence() });
			}
		}
		// pool adjacent violators: {right, count, sum of raw confidences} per block
		List<double[]> pooled = new ArrayList<>();
		for (double[] block : blocks) {
			double[] current = { block[1], block[2], block[3] };
			while (!pooled.isEmpty()) {
				double[] previous = pooled.get(pooled.size() - 1);
				if (previous[0] / previous[1] < current[0] / current[1]) {
					break;
				}
				pooled.remove(pooled.size() - 1);
				current = new double[] { previous[0] + current[0], previous[1] + current[1], previous[2] + current[2] };
			}
			pooled.add(current);
		}
		double[] raw = new double[pooled.size()];
		double[] calibrated = new double[pooled.size()];
		for (int i = 0; i < raw.length; i++) {
			raw[i] = pooled.get(i)[2] / pooled.get(i)[1];
			// right / (all + 1): never a certainty, and a small block claims less
			calibrated[i] = Math.max((i > 0) ? calibrated[i - 1] : 0, pooled.get(i)[0] / (pooled.get(i)[1] + 1));
		}
		return new Calibration(raw, calibrated);
	}

	/** The calibrated confidence of a raw one. */
	public double apply(double confidence) {
		if (this.raw.length == 0) {
			return confidence;
		}
		int at = Arrays.binarySearch(this.raw, confidence);
		if (at >= 0) {
			return this.calibrated[at];
		}
		int above = -at - 1;
		if (above == 0) {
			return this.calibrated[0];
		}
		if (above == this.raw.length) {
			return this.calibrated[this.raw.length - 1];
		}
		double share = (confidence - this.raw[above - 1]) / (this.raw[above] - this.raw[above - 1]);
		return this.calibrated[above - 1] + share * (this.calibrated[above] - this.calibrated[above - 1]);
	}

	/**
	 * Expected calibration error: over equal-width confidence bins, the gap between the
	 * mean confidence and the share of right results, weighted by the bin's share of
	 * results. 0 is perfect.
	 */
	public static double expectedError(List<Sample> samples, int bins) {
		if (samples.isEmpty()) {
			return 0;
		}
		double[] confidence = new double[bins];
		double[] right = new double[bins];
		int[] count = new int[bins];
		for (Sample sample : samples) {
			int bin = Math.min(bins - 1, Math.max(0, (int) (sample.confidence() * bins)));
			confidence[bin] += sample.confidence();
			right[bin] += sample.correct() ? 1 : 0;
			count[bin]++;
		}
		double error = 0;
		for (int bin = 0; bin < bins; bin++) {
			if (count[bin] > 0) {
				error += Math.abs(confidence[bin] - right[bin]) / samples.size();
			}
		}
		return error;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Calibration that && Arrays.equals(this.raw, that.raw)
				&& Arrays.equals(this.calibrated, that.calibrated);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.raw) + Arrays.hashCode(this.calibrated);
	}

	@Override
	public String toString() {
		return "Calibration" + Arrays.toString(this.raw) + "->" + Arrays.toString(this.calibrated);
	}

}
