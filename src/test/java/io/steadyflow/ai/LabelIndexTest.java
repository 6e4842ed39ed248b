package io.steadyflow.ai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The scoring of {@link EmbeddingClassifier.LabelIndex} on small hand-made vectors. */
class LabelIndexTest {

	private static float[] v(double x, double y, double z) {
		return EmbeddingClassifier.normalized(new float[] { (float) x, (float) y, (float) z });
	}

	@Test
	void aLabelIsScoredByItsFiveNearestExamplesAndItsCentroid() {
		// "a": five examples all at cosine 0.8 to the query, centred on it
		// "b": one example equal to the query among five unrelated ones
		EmbeddingClassifier.LabelIndex index = new EmbeddingClassifier.LabelIndex(
				List.of("a", "a", "a", "a", "a", "b", "b", "b", "b", "b", "b"),
				List.of(v(0.8, 0.6, 0), v(0.8, -0.6, 0), v(0.8, 0, 0.6), v(0.8, 0, -0.6), v(0.8, 0.6, 0), v(1, 0, 0),
						v(0, 1, 0), v(0, -1, 0), v(0, 0, 1), v(0, 0, -1), v(0, 1, 0)),
				"test");
		float[] query = v(1, 0, 0);

		double[] scores = index.scores(query, -1);

		// a: mean of the 5 nearest 0.8; centroid (0.8, 0.12, 0) normalized
		double centroidA = 0.8 * 5 / Math.sqrt(Math.pow(0.8 * 5, 2) + Math.pow(0.6, 2));
		assertThat(scores[0]).isCloseTo((0.8 + centroidA) / 2, within(1e-4));
		// b: the identical example counts one fifth; centroid (1, 1, 0) normalized
		assertThat(scores[1]).isCloseTo((0.2 + Math.sqrt(0.5)) / 2, within(1e-4));
		assertThat(index.classify(query).label()).isEqualTo("a");
	}

	@Test
	void aLabelWithFewerExamplesThanNeighboursIsScoredByTheOnesItHas() {
		EmbeddingClassifier.LabelIndex index = new EmbeddingClassifier.LabelIndex(List.of("a", "a", "b"),
				List.of(v(1, 0, 0), v(0.8, 0.6, 0), v(0, 0, 1)), "test");

		double[] scores = index.scores(v(0, 0, 1), -1);

		assertThat(scores[1]).isCloseTo(1.0, within(1e-4));
		assertThat(scores[0]).isCloseTo(0.0, within(1e-4));
		// leaving out b's only example (leave-one-out) leaves it the lowest possible
		// score
		assertThat(index.scores(v(0, 0, 1), 2)[1]).isEqualTo(-1.0);
		assertThat(index.classify(v(0.9, 0.1, 0)).label()).isEqualTo("a");
	}

	/** {@code count} vectors scattered around an axis. */
	private static List<float[]> around(int axis, int count, Random random) {
		List<float[]> vectors = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			double[] v = { 0.25 * random.nextGaussian(), 0.25 * random.nextGaussian(), 0.25 * random.nextGaussian() };
			v[axis] = 1;
			vectors.add(v(v[0], v[1], v[2]));
		}
		return vectors;
	}

	@Test
	void aTextCloserToTheTextsWithoutEvidenceThanToAnyLabelComesOutWithoutEvidence() {
		Random random = new Random(7);
		List<float[]> vectors = new ArrayList<>(around(0, 25, random));
		vectors.addAll(around(1, 25, random));
		List<String> labels = new ArrayList<>(Collections.nCopies(25, "a"));
		labels.addAll(Collections.nCopies(25, "b"));
		EmbeddingClassifier.LabelIndex index = new EmbeddingClassifier.LabelIndex(labels, vectors,
				around(2, 25, random), "test");

		Classification vague = index.classify(v(0.1, 0.05, 1));
		Classification clear = index.classify(v(1, 0.1, 0.05));

		assertThat(vague.evidence()).isFalse();
		assertThat(clear.evidence()).isTrue();
		assertThat(clear.label()).isEqualTo("a");
		assertThat(clear.confidence()).isGreaterThan(0.9).isLessThan(1);
		assertThat(index.labels()).containsExactly("a", "b");

		LabelsFigures figures = index.figures(0.9);
		assertThat(figures.examples()).isEqualTo(75);
		assertThat(figures.unsureExamples()).isEqualTo(25);
		assertThat(figures.unsureRouted()).as("texts without evidence are never routed alone").isZero();
		assertThat(figures.labels().get("a").examples()).isEqualTo(25);
		assertThat(figures.precision()).isEqualTo(1.0);
		assertThat(figures.coverage()).as("all of a and b, none of the unsure ones").isEqualTo(50.0 / 75);
		assertThat(figures.calibrationError()).isLessThan(0.1);
	}

}
