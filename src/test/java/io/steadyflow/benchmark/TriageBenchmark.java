package io.steadyflow.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.ai.AiProperties;
import io.steadyflow.ai.Calibration;
import io.steadyflow.ai.Classification;
import io.steadyflow.ai.EmbeddingClassifier;
import io.steadyflow.ai.LabelsFigures;
import io.steadyflow.ai.LabelsFile;
import io.steadyflow.ai.PrecisionRule;

/**
 * The ticket classifier of processes/ticket-triage.bpmn20.xml on the held-out evaluation
 * set (src/test/resources/evaluation: 340 tickets, 132 of them hard, 20 of those naming
 * no team), which nothing was trained, calibrated or tuned on. It prints what the labels
 * file promises (cross-validated over its own examples) and what it delivers on the
 * held-out tickets: precision and coverage at the declared precision, the
 * precision–coverage curve, the calibration error, the confusion matrix, latency and
 * memory.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.steadyflow.benchmark.TriageBenchmark
 * </pre>
 *
 * {@code -Dtriage.precision=0.9} declares another precision;
 * {@code -Dtriage.tickets=path/to/file.txt} runs it on other tickets (lines of
 * {@code label|subject|body}, label {@code unsure} for a ticket no team can be told
 * from); {@code -Dtriage.labels=path/to/x.labels.json} with another labels file.
 */
public final class TriageBenchmark {

	static final String LABELS = "ticket-triage.labels.json";

	/** A ticket that names no team: right when a person gets it. */
	static final String UNSURE = "unsure";

	private TriageBenchmark() {
	}

	record Ticket(String label, String text, boolean hard) {
	}

	public static void main(String[] args) throws IOException {
		double target = Double.parseDouble(System.getProperty("triage.precision", "0.95"));
		Path labelsPath = Path.of(System.getProperty("triage.labels", "processes/" + LABELS));
		List<Ticket> tickets = tickets(System.getProperty("triage.tickets"));
		byte[] labelsContent = Files.readAllBytes(labelsPath);
		LabelsFile labels = LabelsFile.parse(labelsPath.getFileName().toString(), labelsContent);
		checkHeldOut(tickets, labels);

		Runtime runtime = Runtime.getRuntime();
		long heapBefore = usedHeapAfterGc();
		long rssBefore = residentBytes();
		AiProperties properties = new AiProperties(0.75, 0.9, labelsPath.toAbsolutePath().getParent(), false,
				new AiProperties.Chat(null, null, "none", java.time.Duration.ofSeconds(30)));
		EmbeddingClassifier classifier = new EmbeddingClassifier(properties, new ObjectMapper());
		String name = labelsPath.getFileName().toString();
		long loadStarted = System.nanoTime();
		LabelsFigures promised = classifier.crossValidatedFigures(name, labelsContent, target);
		PrecisionRule rule = classifier.precisionRule(name, target);
		long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
		long heapModel = usedHeapAfterGc() - heapBefore;
		long rssModel = residentBytes() - rssBefore;

		for (int i = 0; i < 50; i++) {
			classifier.classify(name, tickets.get(i % tickets.size()).text());
		}
		Latencies latencies = new Latencies();
		List<Classification> results = new ArrayList<>();
		for (Ticket ticket : tickets) {
			long started = System.nanoTime();
			results.add(classifier.classify(name, ticket.text()));
			latencies.record(System.nanoTime() - started);
		}

		out("Ticket triage benchmark: labels %s (%d examples, %d texts without evidence), sf:aiPrecision=%.2f", name,
				labels.texts().size(), labels.unsure().size(), target);
		out("");
		out("Promised by the labels file (cross-validated over its own examples, %d folds):", 5);
		out("  precision %5.1f %%, routed alone %5.1f %%, calibration error (ECE) %.3f, temperature %.4f",
				100 * promised.precision(), 100 * promised.coverage(), promised.calibrationError(),
				promised.temperature());
		out("  texts without evidence routed alone: %d of %d", promised.unsureRouted(), promised.unsureExamples());
		out("  label              examples  threshold  precision  routed alone");
		promised.labels()
			.forEach((label, figures) -> out("  %-17s  %8d  %9.3f  %8.1f %%  %10.1f %%", label, figures.examples(),
					figures.threshold(), 100 * figures.precision(), 100 * figures.coverage()));
		out("");
		out("Held-out tickets: %d (%d hard, %d naming no team)", tickets.size(),
				tickets.stream().filter(Ticket::hard).count(),
				tickets.stream().filter((t) -> t.label().equals(UNSURE)).count());
		out("At sf:aiPrecision=%.2f:          tickets  routed alone  precision  overall accuracy", target);
		report("all", tickets, results, rule, (t) -> true);
		report("plain", tickets, results, rule, (t) -> !t.hard());
		report("hard", tickets, results, rule, Ticket::hard);
		report("hard, naming a team", tickets, results, rule, (t) -> t.hard() && !t.label().equals(UNSURE));
		int unsureRouted = 0;
		int unsureCount = 0;
		for (int i = 0; i < tickets.size(); i++) {
			if (tickets.get(i).label().equals(UNSURE)) {
				unsureCount++;
				unsureRouted += routed(results.get(i), rule) ? 1 : 0;
			}
		}
		out("  naming no team: %d of %d routed alone (each a mistake); %d came out without evidence", unsureRouted,
				unsureCount, countNoEvidence(tickets, results));
		out("");
		out("Precision-coverage curve (one confidence cut for every label; the declared precision cuts per label):");
		out("  cut    routed alone  precision");
		for (double cut : new double[] { 0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98,
				0.99 }) {
			int routed = 0;
			int right = 0;
			for (int i = 0; i < tickets.size(); i++) {
				if (results.get(i).evidence() && results.get(i).confidence() >= cut) {
					routed++;
					right += results.get(i).label().equals(tickets.get(i).label()) ? 1 : 0;
				}
			}
			out("  %.2f  %10.1f %%  %8.1f %%", cut, 100.0 * routed / tickets.size(),
					(routed > 0) ? 100.0 * right / routed : 0);
		}
		out("  best with hindsight at >= %.2f precision: %.1f %% routed alone", target,
				100 * bestCoverage(tickets, results, target));
		out("");
		List<Calibration.Sample> samples = new ArrayList<>();
		for (int i = 0; i < tickets.size(); i++) {
			samples.add(new Calibration.Sample(results.get(i).confidence(),
					results.get(i).label().equals(tickets.get(i).label())));
		}
		out("Calibration on the held-out tickets: ECE %.3f (10 bins)", Calibration.expectedError(samples, 10));
		out("  confidence  tickets  mean confidence  right");
		for (int bin = 0; bin < 5; bin++) {
			double low = bin * 0.2;
			int n = 0;
			double confidence = 0;
			int right = 0;
			for (Calibration.Sample sample : samples) {
				if (sample.confidence() >= low && (sample.confidence() < low + 0.2 || bin == 4)) {
					n++;
					confidence += sample.confidence();
					right += sample.correct() ? 1 : 0;
				}
			}
			out("  %.1f-%.1f    %7d  %15.3f  %5.1f %%", low, low + 0.2, n, (n > 0) ? confidence / n : 0,
					(n > 0) ? 100.0 * right / n : 0);
		}
		out("");
		confusion(tickets, results, rule, labels);
		out("");
		out("Latency of one classification (embedding + scoring), after warm-up: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
				latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.maxMillis());
		out("Model load, embedding and cross-validation of the examples: %d ms", loadMillis);
		out("Memory held by the model and the embedded examples: heap %.1f MB, process resident %.1f MB "
				+ "(ONNX runtime, off-heap); JVM max heap %d MB, %d processors", heapModel / 1e6, rssModel / 1e6,
				runtime.maxMemory() / 1_000_000, runtime.availableProcessors());
	}

	static boolean routed(Classification result, PrecisionRule rule) {
		return result.evidence() && rule.sure(result.label(), result.confidence());
	}

	private static long countNoEvidence(List<Ticket> tickets, List<Classification> results) {
		long count = 0;
		for (int i = 0; i < tickets.size(); i++) {
			count += (tickets.get(i).label().equals(UNSURE) && !results.get(i).evidence()) ? 1 : 0;
		}
		return count;
	}

	private static void report(String group, List<Ticket> tickets, List<Classification> results, PrecisionRule rule,
			java.util.function.Predicate<Ticket> in) {
		int n = 0;
		int routed = 0;
		int routedRight = 0;
		int right = 0;
		for (int i = 0; i < tickets.size(); i++) {
			if (!in.test(tickets.get(i))) {
				continue;
			}
			n++;
			boolean correct = results.get(i).label().equals(tickets.get(i).label());
			right += correct ? 1 : 0;
			if (routed(results.get(i), rule)) {
				routed++;
				routedRight += correct ? 1 : 0;
			}
		}
		out("  %-28s  %7d  %10.1f %%  %7.1f %%  %14.1f %%", group, n, 100.0 * routed / n,
				(routed > 0) ? 100.0 * routedRight / routed : 0, 100.0 * right / n);
	}

	/**
	 * The largest share one confidence cut routes alone at the given precision, chosen
	 * with hindsight on these very tickets: an upper bound, not a figure to promise.
	 */
	static double bestCoverage(List<Ticket> tickets, List<Classification> results, double target) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < tickets.size(); i++) {
			if (results.get(i).evidence()) {
				order.add(i);
			}
		}
		order.sort(Comparator.comparingDouble((Integer i) -> results.get(i).confidence()).reversed());
		int right = 0;
		double best = 0;
		for (int k = 0; k < order.size(); k++) {
			right += results.get(order.get(k)).label().equals(tickets.get(order.get(k)).label()) ? 1 : 0;
			boolean tie = k + 1 < order.size()
					&& results.get(order.get(k + 1)).confidence() == results.get(order.get(k)).confidence();
			if (!tie && (double) right / (k + 1) >= target) {
				best = (double) (k + 1) / tickets.size();
			}
		}
		return best;
	}

	private static void confusion(List<Ticket> tickets, List<Classification> results, PrecisionRule rule,
			LabelsFile labels) {
		List<String> teams = new ArrayList<>(labels.counts().keySet());
		List<String> rows = new ArrayList<>(teams);
		rows.add(UNSURE);
		out("Confusion matrix at sf:aiPrecision (rows: true team; columns: routed alone to; 'person': sent to triage):");
		StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-16s", ""));
		for (String team : teams) {
			header.append(String.format(Locale.ROOT, " %6s", abbreviation(team)));
		}
		out("%s %6s", header, "person");
		Map<String, Integer> mistakes = new TreeMap<>();
		for (String row : rows) {
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-16s", row));
			int person = 0;
			int[] counts = new int[teams.size()];
			for (int i = 0; i < tickets.size(); i++) {
				if (!tickets.get(i).label().equals(row)) {
					continue;
				}
				if (routed(results.get(i), rule)) {
					counts[teams.indexOf(results.get(i).label())]++;
					if (!results.get(i).label().equals(row)) {
						mistakes.merge(row + " -> " + results.get(i).label(), 1, Integer::sum);
					}
				}
				else {
					person++;
				}
			}
			for (int count : counts) {
				line.append(String.format(Locale.ROOT, " %6d", count));
			}
			out("%s %6d", line, person);
		}
		out("  routed alone to the wrong team (true -> routed): %s", mistakes);
	}

	private static String abbreviation(String team) {
		return (team.length() > 6) ? team.substring(0, 6) : team;
	}

	/**
	 * Refuses to run when a ticket's text is one of the labels file's examples: the
	 * figures would measure memory, not routing.
	 */
	static void checkHeldOut(List<Ticket> tickets, LabelsFile labels) {
		Set<String> examples = new HashSet<>();
		labels.texts().forEach((text) -> examples.add(normalized(text)));
		labels.unsure().forEach((text) -> examples.add(normalized(text)));
		for (Ticket ticket : tickets) {
			String body = ticket.text().substring(ticket.text().indexOf("\n\n") + 2);
			if (examples.contains(normalized(body)) || examples.contains(normalized(ticket.text()))) {
				throw new IllegalStateException("The ticket '" + body + "' is an example of the labels file");
			}
		}
	}

	static String normalized(String text) {
		return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	static List<Ticket> tickets(String file) throws IOException {
		List<Ticket> tickets = new ArrayList<>();
		if (file != null) {
			tickets.addAll(parse(Files.readAllLines(Path.of(file)), false));
		}
		else {
			tickets.addAll(parse(resource("/evaluation/tickets.txt"), false));
			tickets.addAll(parse(resource("/evaluation/tickets-hard.txt"), true));
		}
		return tickets;
	}

	private static List<String> resource(String name) throws IOException {
		try (InputStream in = TriageBenchmark.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
		}
	}

	private static List<Ticket> parse(List<String> lines, boolean hard) {
		List<Ticket> tickets = new ArrayList<>();
		for (String line : lines) {
			String[] parts = line.split("\\|", 3);
			if (parts.length == 3) {
				tickets.add(new Ticket(parts[0].strip(), parts[1].strip() + "\n\n" + parts[2].strip(), hard));
			}
		}
		return tickets;
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static long residentBytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// not Linux: no figure
		}
		return 0;
	}

	private static void out(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

}
