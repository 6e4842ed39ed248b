package io.steadyflow.ai.learning;

import java.util.List;

/**
 * The figures of a labels version that the deploy gate compares: per label and overall,
 * how much of the work the step would route alone (coverage) and how much of that would
 * be right (precision), estimated without looking at the tickets to come. One interface
 * so that how the figures are estimated can change without the gate changing.
 */
interface LabelsFigures {

	/**
	 * @param labelsFile the file's name
	 * @param content the file's content
	 * @param rule the step's rule for sure results
	 */
	Figures of(String labelsFile, byte[] content, Rule rule);

	/**
	 * How a step decides that a result is sure.
	 *
	 * @param precisionTarget the declared precision ({@code sf:aiPrecision}), or
	 * {@code null}
	 * @param threshold the raw cut-off otherwise ({@code sf:aiThreshold} or the default)
	 */
	record Rule(Double precisionTarget, double threshold) {

		String describe() {
			return (this.precisionTarget != null) ? "declared precision " + this.precisionTarget
					: "threshold " + this.threshold;
		}

	}

	/**
	 * @param labelsVersion the file's name and content hash
	 * @param method how the figures were estimated
	 * @param examples the examples in the file
	 * @param precision right ÷ routed alone, over all labels
	 * @param coverage routed alone ÷ examples
	 * @param labels per label, in file order
	 */
	record Figures(String labelsVersion, String method, int examples, double precision, double coverage,
			List<LabelFigure> labels) {

		LabelFigure label(String label) {
			return this.labels.stream().filter((l) -> l.label().equals(label)).findFirst().orElse(null);
		}

	}

	/**
	 * @param label the label
	 * @param examples its examples
	 * @param routed results suggesting it that would be routed alone
	 * @param right of them, right
	 * @param precision right ÷ routed, {@code null} when none is routed
	 * @param coverage routed ÷ examples
	 * @param threshold from which confidence it is routed alone
	 */
	record LabelFigure(String label, int examples, int routed, int right, Double precision, double coverage,
			double threshold) {
	}

}
