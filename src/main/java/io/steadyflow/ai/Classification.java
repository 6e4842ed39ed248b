package io.steadyflow.ai;

import java.util.List;

/**
 * The answer of the classifier.
 *
 * @param label the most likely label
 * @param confidence the calibrated probability that this label is right, in [0,1]
 * @param alternatives the next most likely labels, most likely first
 * @param modelVersion what produced it: embedding model and labels file version
 * @param evidence whether the text is closer to a label than to the labels file's texts
 * without evidence ({@code "unsure"}); without evidence the result is never sure
 */
public record Classification(String label, double confidence, List<Scored> alternatives, String modelVersion,
		boolean evidence) {

	public Classification(String label, double confidence, List<Scored> alternatives, String modelVersion) {
		this(label, confidence, alternatives, modelVersion, true);
	}

	public record Scored(String label, double confidence) {
	}

}
