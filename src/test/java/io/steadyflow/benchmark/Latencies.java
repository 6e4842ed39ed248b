package io.steadyflow.benchmark;

import org.HdrHistogram.Histogram;

/**
 * Recorded latencies of one operation. HdrHistogram keeps percentiles exact to three
 * significant digits in constant memory, however long the run.
 */
final class Latencies {

	private final Histogram micros = new Histogram(3);

	void record(long nanos) {
		this.micros.recordValue(Math.max(1, nanos / 1_000));
	}

	void add(Latencies other) {
		this.micros.add(other.micros);
	}

	long count() {
		return this.micros.getTotalCount();
	}

	double percentileMillis(double percentile) {
		return this.micros.getValueAtPercentile(percentile) / 1_000.0;
	}

	double meanMillis() {
		return this.micros.getMean() / 1_000.0;
	}

	double maxMillis() {
		return this.micros.getMaxValue() / 1_000.0;
	}

}
