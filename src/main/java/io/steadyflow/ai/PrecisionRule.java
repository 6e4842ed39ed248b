package io.steadyflow.ai;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision rule that delivers a declared precision ({@code sf:aiPrecision}): per
 * label, the lowest confidence from which the cross-validated results suggesting that
 * label were right at least that often. Per label, because one global threshold is set by
 * the hardest label and wastes the coverage of the easy ones.
 * <p>
 * Small samples are counted against the label: the precision of the results above a
 * threshold is estimated as right / (all + 1), so a label needs enough examples to prove
 * the target at all (at 0.95, twenty right results in a row). A label that cannot reach
 * the target is never routed alone.
 *
 * @param target the declared precision
 * @param thresholds per label, the confidence from which a result is sure; {@link #NEVER}
 * for a label that cannot reach the target
 * @param expectedPrecision the precision of the results the rule routes alone, over the
 * cross-validated results
 * @param expectedCoverage the share of results it routes alone
 */
public record PrecisionRule(double target, Map<String, Double> thresholds, double expectedPrecision,
		double expectedCoverage) {

	/** Above every confidence: the label is never routed alone. */
	public static final double NEVER = 1.01;

	/**
	 * One cross-validated result: the label suggested, with its confidence, and whether
	 * it was right.
	 */
	public record Result(String label, double confidence, boolean correct) {
	}

	static PrecisionRule derive(List<Result> results, double target, Collection<String> labels) {
		Map<String, Double> thresholds = new LinkedHashMap<>();
		int routed = 0;
		int routedRight = 0;
		for (String label : labels) {
			List<Result> suggested = new ArrayList<>(results.stream().filter((r) -> r.label().equals(label)).toList());
			suggested.sort(Comparator.comparingDouble(Result::confidence).reversed());
			double threshold = NEVER;
			int taken = 0;
			int takenRight = 0;
			int right = 0;
			for (int i = 0; i < suggested.size(); i++) {
				if (suggested.get(i).correct()) {
					right++;
				}
				boolean tieWithNext = i + 1 < suggested.size()
						&& suggested.get(i + 1).confidence() == suggested.get(i).confidence();
				if (!tieWithNext && (double) right / (i + 2) >= target) {
					threshold = suggested.get(i).confidence();
					taken = i + 1;
					takenRight = right;
				}
			}
			thresholds.put(label, threshold);
			routed += taken;
			routedRight += takenRight;
		}
		double precision = (routed > 0) ? (double) routedRight / routed : 0;
		double coverage = results.isEmpty() ? 0 : (double) routed / results.size();
		return new PrecisionRule(target, thresholds, precision, coverage);
	}

	/** Whether a result is sure: its confidence reaches its label's threshold. */
	public boolean sure(String label, double confidence) {
		return confidence >= this.thresholds.getOrDefault(label, NEVER);
	}

}
