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
 * label were right at least that often — but never lower than the lowest confidence from
 * which all results together were. Per label, because a label that is often confused
 * needs a higher threshold than the rest; never below the pooled one, because one label's
 * few dozen results are too few to show that it may go lower (its examples are cleaner
 * than the texts it will meet, and picking the lowest of many cut-offs flatters them),
 * while the pooled threshold rests on all the results.
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
	 * One cross-validated result: the label suggested (none when the text carried no
	 * evidence for any label), with its confidence, and whether it was right.
	 */
	public record Result(String label, double confidence, boolean correct) {
	}

	static PrecisionRule derive(List<Result> results, double target, Collection<String> labels) {
		double floor = lowestThreshold(results.stream().filter((r) -> r.label() != null).toList(), target);
		Map<String, Double> thresholds = new LinkedHashMap<>();
		int routed = 0;
		int routedRight = 0;
		for (String label : labels) {
			List<Result> suggested = results.stream().filter((r) -> label.equals(r.label())).toList();
			double threshold = Math.max(floor, lowestThreshold(suggested, target));
			thresholds.put(label, threshold);
			for (Result result : suggested) {
				if (result.confidence() >= threshold) {
					routed++;
					routedRight += result.correct() ? 1 : 0;
				}
			}
		}
		double precision = (routed > 0) ? (double) routedRight / routed : 0;
		double coverage = results.isEmpty() ? 0 : (double) routed / results.size();
		return new PrecisionRule(target, thresholds, precision, coverage);
	}

	/**
	 * The lowest confidence from which the results were right at least {@code target} of
	 * the time, estimated as right / (all + 1); {@link #NEVER} if none.
	 */
	private static double lowestThreshold(List<Result> results, double target) {
		List<Result> sorted = new ArrayList<>(results);
		sorted.sort(Comparator.comparingDouble(Result::confidence).reversed());
		double threshold = NEVER;
		int right = 0;
		for (int i = 0; i < sorted.size(); i++) {
			if (sorted.get(i).correct()) {
				right++;
			}
			boolean tieWithNext = i + 1 < sorted.size() && sorted.get(i + 1).confidence() == sorted.get(i).confidence();
			if (!tieWithNext && (double) right / (i + 2) >= target) {
				threshold = sorted.get(i).confidence();
			}
		}
		return threshold;
	}

	/** Whether a result is sure: its confidence reaches its label's threshold. */
	public boolean sure(String label, double confidence) {
		return confidence >= this.thresholds.getOrDefault(label, NEVER);
	}

}
