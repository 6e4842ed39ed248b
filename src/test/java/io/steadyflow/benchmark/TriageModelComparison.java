package io.steadyflow.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.steadyflow.ai.Classification;
import io.steadyflow.ai.LabelIndexes;
import io.steadyflow.ai.LabelsFile;

/**
 * Compares, on the same folds, the classify rule of the platform (five nearest examples
 * and centroid, calibrated) with a trained linear head (multinomial logistic regression
 * over the embeddings), for the embedding model the platform ships and for the other
 * in-process models whose LangChain4j artifacts are on the class path (profile
 * {@code triage-models}: all-MiniLM-L6-v2, the plain bge-small-en-v1.5 and e5-small-v2,
 * plain and quantized).
 *
 * <pre>
 * ./mvnw -q -Ptriage-models test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.steadyflow.benchmark.TriageModelComparison
 * </pre>
 *
 * Per model and rule: accuracy of the best label and the largest share routed alone at 95
 * % precision by one confidence cut, both cross-validated over the labels file's examples
 * (5 folds, every label spread over all) and on the held-out evaluation set (trained on
 * all examples); the model's embedding latency and the resident memory it added.
 */
public final class TriageModelComparison {

	static final double TARGET = 0.95;

	static final int FOLDS = 5;

	private TriageModelComparison() {
	}

	record Prediction(String label, double confidence, boolean evidence) {
	}

	/** A rule trained on labelled vectors (with texts without evidence). */
	interface Rule {

		Function<float[], Prediction> train(List<String> labels, List<float[]> vectors, List<float[]> unsure);

	}

	public static void main(String[] args) throws IOException {
		Path labelsPath = Path.of(System.getProperty("triage.labels", "processes/" + TriageBenchmark.LABELS));
		LabelsFile labels = LabelsFile.parse(labelsPath.getFileName().toString(), Files.readAllBytes(labelsPath));
		List<TriageBenchmark.Ticket> tickets = TriageBenchmark.tickets(null);
		TriageBenchmark.checkHeldOut(tickets, labels);

		Map<String, String> models = new LinkedHashMap<>();
		models.put("all-MiniLM-L6-v2",
				"dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel");
		models.put("bge-small-en-v1.5",
				"dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel");
		models.put("bge-small-en-v1.5 quantized (shipped)",
				"dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel");
		models.put("e5-small-v2", "dev.langchain4j.model.embedding.onnx.e5smallv2.E5SmallV2EmbeddingModel");
		models.put("e5-small-v2 quantized",
				"dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel");
		Map<String, Rule> rules = new LinkedHashMap<>();
		rules.put("5 nearest + centroid", TriageModelComparison::nearest);
		rules.put("linear head", TriageModelComparison::linearHead);

		out("Ticket classifier comparison: %s (%d examples, %d without evidence), %d held-out tickets; "
				+ "share routed alone at %.0f %% precision by one cut", labelsPath, labels.texts().size(),
				labels.unsure().size(), tickets.size(), 100 * TARGET);
		out("%-28s %-21s %9s %9s %9s %9s %8s %8s", "model", "rule", "CV acc", "CV @95", "held acc", "held @95",
				"p50 ms", "RSS MB");
		for (Map.Entry<String, String> model : models.entrySet()) {
			EmbeddingModel embedding;
			long rssBefore = TriageBenchmark.residentBytes();
			try {
				embedding = (EmbeddingModel) Class.forName(model.getValue()).getConstructor().newInstance();
			}
			catch (ReflectiveOperationException | LinkageError ex) {
				out("%-28s not on the class path (profile triage-models): %s", model.getKey(), ex);
				continue;
			}
			boolean e5 = model.getValue().contains("e5small");
			List<float[]> examples = embed(embedding, labels.texts(), e5);
			List<float[]> unsure = embed(embedding, labels.unsure(), e5);
			List<float[]> held = embed(embedding, tickets.stream().map(TriageBenchmark.Ticket::text).toList(), e5);
			long rss = TriageBenchmark.residentBytes() - rssBefore;
			Latencies latencies = new Latencies();
			for (TriageBenchmark.Ticket ticket : tickets) {
				long started = System.nanoTime();
				embed(embedding, List.of(ticket.text()), e5);
				latencies.record(System.nanoTime() - started);
			}
			for (Map.Entry<String, Rule> rule : rules.entrySet()) {
				double[] cv = crossValidate(rule.getValue(), labels, examples, unsure);
				Function<float[], Prediction> trained = rule.getValue().train(labels.labels(), examples, unsure);
				List<Prediction> predictions = held.stream().map(trained).toList();
				List<String> truth = tickets.stream().map(TriageBenchmark.Ticket::label).toList();
				out("%-28s %-21s %8.1f%% %8.1f%% %8.1f%% %8.1f%% %8.1f %8.0f", model.getKey(), rule.getKey(),
						100 * cv[0], 100 * cv[1], 100 * accuracy(predictions, truth),
						100 * coverageAt(predictions, truth, TARGET), latencies.percentileMillis(50), rss / 1e6);
			}
		}
	}

	/** Accuracy and share routed at the target over 5 folds of the examples. */
	static double[] crossValidate(Rule rule, LabelsFile labels, List<float[]> examples, List<float[]> unsure) {
		Map<String, Integer> seen = new LinkedHashMap<>();
		int[] fold = new int[examples.size() + unsure.size()];
		for (int e = 0; e < examples.size(); e++) {
			fold[e] = seen.merge(labels.labels().get(e), 1, Integer::sum) % FOLDS;
		}
		for (int u = 0; u < unsure.size(); u++) {
			fold[examples.size() + u] = u % FOLDS;
		}
		List<Prediction> predictions = new ArrayList<>();
		List<String> truth = new ArrayList<>();
		for (int f = 0; f < FOLDS; f++) {
			List<String> trainLabels = new ArrayList<>();
			List<float[]> trainVectors = new ArrayList<>();
			List<float[]> trainUnsure = new ArrayList<>();
			List<float[]> test = new ArrayList<>();
			List<String> testTruth = new ArrayList<>();
			for (int e = 0; e < examples.size(); e++) {
				if (fold[e] == f) {
					test.add(examples.get(e));
					testTruth.add(labels.labels().get(e));
				}
				else {
					trainLabels.add(labels.labels().get(e));
					trainVectors.add(examples.get(e));
				}
			}
			for (int u = 0; u < unsure.size(); u++) {
				if (fold[examples.size() + u] == f) {
					test.add(unsure.get(u));
					testTruth.add(TriageBenchmark.UNSURE);
				}
				else {
					trainUnsure.add(unsure.get(u));
				}
			}
			Function<float[], Prediction> trained = rule.train(trainLabels, trainVectors, trainUnsure);
			test.forEach((vector) -> predictions.add(trained.apply(vector)));
			truth.addAll(testTruth);
		}
		return new double[] { accuracy(predictions, truth), coverageAt(predictions, truth, TARGET) };
	}

	static double accuracy(List<Prediction> predictions, List<String> truth) {
		int right = 0;
		int count = 0;
		for (int i = 0; i < truth.size(); i++) {
			if (!truth.get(i).equals(TriageBenchmark.UNSURE)) {
				count++;
				right += predictions.get(i).label().equals(truth.get(i)) ? 1 : 0;
			}
		}
		return (double) right / count;
	}

	/** The largest share one confidence cut routes alone at the target (hindsight). */
	static double coverageAt(List<Prediction> predictions, List<String> truth, double target) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < truth.size(); i++) {
			if (predictions.get(i).evidence()) {
				order.add(i);
			}
		}
		order.sort((a, b) -> Double.compare(predictions.get(b).confidence(), predictions.get(a).confidence()));
		int right = 0;
		double best = 0;
		for (int k = 0; k < order.size(); k++) {
			right += predictions.get(order.get(k)).label().equals(truth.get(order.get(k))) ? 1 : 0;
			if ((double) right / (k + 1) >= target) {
				best = (double) (k + 1) / truth.size();
			}
		}
		return best;
	}

	static Function<float[], Prediction> nearest(List<String> labels, List<float[]> vectors, List<float[]> unsure) {
		Function<float[], Classification> index = LabelIndexes.nearest(labels, vectors, unsure);
		return (vector) -> {
			Classification result = index.apply(vector);
			return new Prediction(result.label(), result.confidence(), result.evidence());
		};
	}

	/**
	 * Multinomial logistic regression over the embeddings, the texts without evidence as
	 * one more class: full-batch gradient descent with L2 regularization.
	 */
	static Function<float[], Prediction> linearHead(List<String> labels, List<float[]> vectors, List<float[]> unsure) {
		List<String> classes = new ArrayList<>(labels.stream().distinct().toList());
		int teams = classes.size();
		List<float[]> x = new ArrayList<>(vectors);
		x.addAll(unsure);
		int[] y = new int[x.size()];
		for (int i = 0; i < x.size(); i++) {
			y[i] = (i < labels.size()) ? classes.indexOf(labels.get(i)) : teams;
		}
		int k = teams + (unsure.isEmpty() ? 0 : 1);
		int d = x.get(0).length;
		double[][] w = new double[k][d];
		double[] b = new double[k];
		double rate = 4.0;
		double l2 = 1e-4;
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < x.size(); i++) {
			order.add(i);
		}
		Collections.shuffle(order, new Random(1));
		for (int epoch = 0; epoch < 300; epoch++) {
			double[][] gw = new double[k][d];
			double[] gb = new double[k];
			for (int i : order) {
				double[] p = softmax(w, b, x.get(i));
				p[y[i]] -= 1;
				for (int c = 0; c < k; c++) {
					gb[c] += p[c];
					for (int j = 0; j < d; j++) {
						gw[c][j] += p[c] * x.get(i)[j];
					}
				}
			}
			for (int c = 0; c < k; c++) {
				b[c] -= rate * gb[c] / x.size();
				for (int j = 0; j < d; j++) {
					w[c][j] -= rate * (gw[c][j] / x.size() + l2 * w[c][j]);
				}
			}
		}
		return (vector) -> {
			double[] p = softmax(w, b, vector);
			int best = 0;
			for (int c = 1; c < teams; c++) {
				if (p[c] > p[best]) {
					best = c;
				}
			}
			boolean evidence = k == teams || p[teams] < p[best];
			return new Prediction(classes.get(best), p[best], evidence);
		};
	}

	private static double[] softmax(double[][] w, double[] b, float[] x) {
		double[] z = new double[w.length];
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < w.length; c++) {
			z[c] = b[c];
			for (int j = 0; j < x.length; j++) {
				z[c] += w[c][j] * x[j];
			}
			max = Math.max(max, z[c]);
		}
		double sum = 0;
		for (int c = 0; c < z.length; c++) {
			z[c] = Math.exp(z[c] - max);
			sum += z[c];
		}
		for (int c = 0; c < z.length; c++) {
			z[c] /= sum;
		}
		return z;
	}

	/** e5 models are trained with a "query: " prefix on both sides of a comparison. */
	static List<float[]> embed(EmbeddingModel model, List<String> texts, boolean e5) {
		if (texts.isEmpty()) {
			return List.of();
		}
		return model.embedAll(texts.stream().map((t) -> TextSegment.from(e5 ? "query: " + t : t)).toList())
			.content()
			.stream()
			.map((embedding) -> LabelIndexes.normalized(embedding.vector()))
			.toList();
	}

	private static void out(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

}
