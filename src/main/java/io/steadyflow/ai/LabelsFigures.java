package io.steadyflow.ai;

import java.util.Map;

/**
 * What a labels file delivers at a declared precision, cross-validated: the examples are
 * split in folds, and each fold is classified with a calibration and per-label thresholds
 * fitted on the other folds only (every example itself classified against all the other
 * examples). An estimate of what the step will do on tickets like the examples; real
 * tickets are usually harder.
 *
 * @param target the declared precision
 * @param precision the share of the routed-alone examples whose label was right
 * @param coverage the share of all examples routed alone
 * @param calibrationError the expected calibration error of the confidences on the
 * held-out folds (10 bins; 0 is perfect)
 * @param examples all examples, the texts without evidence included
 * @param unsureExamples the texts without evidence ({@code "unsure"})
 * @param unsureRouted how many of those were routed alone (each one a mistake)
 * @param labels per label, in file order
 * @param temperature the softmax temperature fitted to the examples
 */
public record LabelsFigures(double target, double precision, double coverage, double calibrationError, int examples,
		int unsureExamples, int unsureRouted, Map<String, Label> labels, double temperature) {

	/**
	 * One label's figures.
	 *
	 * @param examples its examples
	 * @param threshold the confidence from which it is routed alone, fitted on all
	 * examples ({@link PrecisionRule#NEVER} when it cannot reach the target)
	 * @param precision the share of the results routed alone to this label that were
	 * right, on the held-out folds
	 * @param coverage the share of its examples routed alone, on the held-out folds
	 */
	public record Label(int examples, double threshold, double precision, double coverage) {
	}

	/**
	 * The documented minimum of examples per label for a step that declares a precision
	 * ({@code sf:aiPrecision}); fewer is a readiness error (or fewer than
	 * {@link #examplesNeeded}, if that is less).
	 */
	public static final int MIN_EXAMPLES_FOR_PRECISION = 10;

	/**
	 * The fewest examples a label needs to prove the target at all: the precision of what
	 * is routed is estimated as right / (all + 1) ({@link PrecisionRule}), so even
	 * examples that are all right prove only n / (n + 1).
	 */
	public static int examplesNeeded(double target) {
		return (int) Math.ceil(target / (1 - target) - 1e-9);
	}

}
