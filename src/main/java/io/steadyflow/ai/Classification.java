package io.steadyflow.ai;

import java.util.List;

/**
 * The answer of the classifier.
 *
 * @param label the most likely label
 * @param confidence the calibrated probability of that label, in [0,1]
 * @param alternatives the next most likely labels, most likely first
 * @param modelVersion what produced it: embedding model and labels file version
 */
public record Classification(String label, double confidence, List<Scored> alternatives, String modelVersion) {

	public record Scored(String label, double confidence) {
	}

}
