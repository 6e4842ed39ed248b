package io.steadyflow.ai;

import java.util.List;

/**
 * The classify scoring over vectors that were embedded elsewhere, for comparing it with
 * other rules and models on the same folds (benchmarks).
 */
public final class LabelIndexes {

	private LabelIndexes() {
	}

	/** A classifier over the given examples, calibrated as a deployed labels file is. */
	public static java.util.function.Function<float[], Classification> nearest(List<String> labels,
			List<float[]> vectors, List<float[]> unsure) {
		return new EmbeddingClassifier.LabelIndex(labels, vectors, unsure, "comparison")::classify;
	}

	/** A vector of length 1 in the same direction. */
	public static float[] normalized(float[] vector) {
		return EmbeddingClassifier.normalized(vector);
	}

}
