package io.steadyflow.ai.learning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.steadyflow.ai.EmbeddingClassifier;
import io.steadyflow.ai.LabelsFile;
import io.steadyflow.ai.PrecisionRule;

import org.springframework.stereotype.Component;

/**
 * Figures from leave-one-out cross-validation over the examples, with the embedded
 * classifier: each example is classified against all the others; with a declared
 * precision the per-label thresholds that deliver it decide which results are sure
 * ({@link PrecisionRule}), else the step's threshold. Per label, coverage counts the
 * results that suggest it and would be routed alone against its examples.
 */
@Component
class CrossValidatedFigures implements LabelsFigures {

	static final String METHOD = "leave-one-out over the examples";

	private final EmbeddingClassifier classifier;

	CrossValidatedFigures(EmbeddingClassifier classifier) {
		this.classifier = classifier;
	}

	@Override
	public Figures of(String labelsFile, byte[] content, Rule rule) {
		LabelsFile file = LabelsFile.parse(labelsFile, content);
		List<PrecisionRule.Result> results = this.classifier.crossValidated(labelsFile, content);
		Map<String, Double> thresholds = new LinkedHashMap<>();
		PrecisionRule precisionRule = (rule.precisionTarget() != null)
				? this.classifier.precisionRule(labelsFile, content, rule.precisionTarget()) : null;
		Map<String, int[]> counts = new LinkedHashMap<>();
		for (String label : file.labels()) {
			counts.computeIfAbsent(label, (l) -> new int[3])[0]++;
			thresholds.put(label, (precisionRule != null)
					? precisionRule.thresholds().getOrDefault(label, PrecisionRule.NEVER) : rule.threshold());
		}
		int routed = 0;
		int right = 0;
		for (PrecisionRule.Result result : results) {
			int[] label = counts.get(result.label());
			if (label != null && result.confidence() >= thresholds.get(result.label())) {
				label[1]++;
				routed++;
				if (result.correct()) {
					label[2]++;
					right++;
				}
			}
		}
		List<LabelFigure> labels = new ArrayList<>();
		counts.forEach((label, c) -> labels.add(new LabelFigure(label, c[0], c[1], c[2],
				(c[1] > 0) ? round((double) c[2] / c[1]) : null, round((double) c[1] / c[0]), thresholds.get(label))));
		return new Figures(EmbeddingClassifier.labelsVersion(labelsFile, content), METHOD, results.size(),
				(routed > 0) ? round((double) right / routed) : 0,
				results.isEmpty() ? 0 : round((double) routed / results.size()), List.copyOf(labels));
	}

	private static double round(double value) {
		return Math.round(value * 10000) / 10000.0;
	}

}
