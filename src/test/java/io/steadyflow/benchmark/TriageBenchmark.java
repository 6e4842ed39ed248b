package io.steadyflow.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.ai.AiProperties;
import io.steadyflow.ai.Classification;
import io.steadyflow.ai.EmbeddingClassifier;
import io.steadyflow.ai.PrecisionRule;

/**
 * The ticket classifier of processes/ticket-triage.bpmn20.xml on a labelled set of
 * tickets that are not among the label examples (src/test/resources/benchmark): accuracy
 * of what is routed automatically at the threshold, the share routed automatically versus
 * sent to a person, overall accuracy, latency after warm-up, and the memory the model
 * holds.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.steadyflow.benchmark.TriageBenchmark
 * </pre>
 *
 * {@code -Dtriage.tickets=path/to/file.txt} runs it on other tickets (lines of
 * {@code label|subject|body}); {@code -Dtriage.threshold=0.6} on another threshold.
 */
public final class TriageBenchmark {

	static final String LABELS = "ticket-triage.labels.json";

	static final String[] TEAMS = { "billing", "access", "bug", "feature-request", "data-privacy", "integrations",
			"outage", "onboarding" };

	private TriageBenchmark() {
	}

	record Ticket(String label, String text) {
	}

	public static void main(String[] args) throws IOException {
		// the threshold of the workflow (sf:aiThreshold on the process)
		double threshold = Double.parseDouble(System.getProperty("triage.threshold", "0.75"));
		List<Ticket> tickets = tickets(System.getProperty("triage.tickets"));

		Runtime runtime = Runtime.getRuntime();
		long heapBefore = usedHeapAfterGc();
		long rssBefore = residentBytes();
		AiProperties properties = new AiProperties(0.75, 0.9, Path.of("processes"), false,
				new AiProperties.Chat(null, null, "none", java.time.Duration.ofSeconds(30)));
		EmbeddingClassifier classifier = new EmbeddingClassifier(properties, new ObjectMapper());
		long loadStarted = System.nanoTime();
		classifier.classify(LABELS, "warm up");
		long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
		long heapModel = usedHeapAfterGc() - heapBefore;
		long rssModel = residentBytes() - rssBefore;

		for (int i = 0; i < 50; i++) {
			classifier.classify(LABELS, tickets.get(i % tickets.size()).text());
		}

		Latencies latencies = new Latencies();
		List<Classification> results = new ArrayList<>();
		for (Ticket ticket : tickets) {
			long started = System.nanoTime();
			results.add(classifier.classify(LABELS, ticket.text()));
			latencies.record(System.nanoTime() - started);
		}

		out("Ticket triage benchmark: %d tickets, labels %s (%s examples), temperature %.4f", tickets.size(), LABELS,
				classifier.labelCounts(LABELS).values().stream().mapToInt(Integer::intValue).sum(),
				classifier.temperature(LABELS));
		out("");
		Score atThreshold = score(tickets, results, threshold);
		out("At the workflow's threshold %.2f:", threshold);
		out("  auto-routed:            %5.1f %% of tickets (%d), sent to a person: %5.1f %% (%d)",
				100.0 * atThreshold.auto / tickets.size(), atThreshold.auto,
				100.0 * (tickets.size() - atThreshold.auto) / tickets.size(), tickets.size() - atThreshold.auto);
		out("  accuracy, auto-routed:  %5.1f %% (%d of %d)", atThreshold.autoAccuracy(), atThreshold.autoCorrect,
				atThreshold.auto);
		out("  accuracy, overall:      %5.1f %% (top label of every ticket)", atThreshold.overallAccuracy());
		out("  right team among top 2: %5.1f %%", 100.0 * atThreshold.top2 / tickets.size());
		out("");
		out("Threshold sweep:   threshold  auto-routed  accuracy(auto)");
		for (double t = 0.3; t <= 0.951; t += 0.05) {
			Score score = score(tickets, results, t);
			out("                   %9.2f  %10.1f%%  %13.1f%%", t, 100.0 * score.auto / tickets.size(),
					score.autoAccuracy());
		}
		out("");
		out("Calibration:  confidence bin  tickets  accuracy");
		for (int bin = 0; bin < 5; bin++) {
			double low = bin * 0.2;
			double high = low + 0.2;
			int n = 0;
			int correct = 0;
			for (int i = 0; i < tickets.size(); i++) {
				double c = results.get(i).confidence();
				if (c >= low && (c < high || bin == 4)) {
					n++;
					correct += results.get(i).label().equals(tickets.get(i).label()) ? 1 : 0;
				}
			}
			out("              %.1f-%.1f       %7d  %7.1f%%", low, high, n, (n > 0) ? 100.0 * correct / n : 0);
		}
		out("");
		out("Per team:  team              tickets  accuracy  auto-routed  accuracy(auto)");
		for (String team : TEAMS) {
			int n = 0;
			int correct = 0;
			int auto = 0;
			int autoCorrect = 0;
			for (int i = 0; i < tickets.size(); i++) {
				if (!tickets.get(i).label().equals(team)) {
					continue;
				}
				boolean right = results.get(i).label().equals(team);
				n++;
				correct += right ? 1 : 0;
				if (results.get(i).confidence() >= threshold) {
					auto++;
					autoCorrect += right ? 1 : 0;
				}
			}
			out("           %-16s  %7d  %7.1f%%  %10.1f%%  %13.1f%%", team, n, 100.0 * correct / n, 100.0 * auto / n,
					(auto > 0) ? 100.0 * autoCorrect / auto : 0);
		}
		Map<String, Integer> confusions = new TreeMap<>();
		for (int i = 0; i < tickets.size(); i++) {
			if (!results.get(i).label().equals(tickets.get(i).label()) && results.get(i).confidence() >= threshold) {
				confusions.merge(tickets.get(i).label() + " -> " + results.get(i).label(), 1, Integer::sum);
			}
		}
		out("");
		out("Wrong and auto-routed (true -> suggested): %s", confusions);
		out("");
		for (double target : new double[] { 0.9, 0.95 }) {
			PrecisionRule rule = classifier.precisionRule(LABELS, target);
			int auto = 0;
			int autoCorrect = 0;
			for (int i = 0; i < tickets.size(); i++) {
				if (rule.sure(results.get(i).label(), results.get(i).confidence())) {
					auto++;
					autoCorrect += results.get(i).label().equals(tickets.get(i).label()) ? 1 : 0;
				}
			}
			out("Declared precision sf:aiPrecision=%.2f: per-label thresholds %s", target, rule.thresholds());
			out("  on the examples, left out one at a time: precision %5.1f %%, auto-routed %5.1f %%",
					100 * rule.expectedPrecision(), 100 * rule.expectedCoverage());
			out("  on these tickets:                       precision %5.1f %%, auto-routed %5.1f %% (%d)",
					(auto > 0) ? 100.0 * autoCorrect / auto : 0, 100.0 * auto / tickets.size(), auto);
		}
		out("");
		out("Latency of one classification (embedding + scoring), after warm-up: p50 %.1f ms, p95 %.1f ms, max %.1f ms",
				latencies.percentileMillis(50), latencies.percentileMillis(95), latencies.maxMillis());
		out("Model load and embedding of the examples: %d ms", loadMillis);
		out("Memory held by the model and the embedded examples: heap %.1f MB, process resident %.1f MB "
				+ "(ONNX runtime, off-heap); JVM max heap %d MB, %d processors", heapModel / 1e6, rssModel / 1e6,
				runtime.maxMemory() / 1_000_000, runtime.availableProcessors());
	}

	static final class Score {

		int auto;

		int autoCorrect;

		int correct;

		int top2;

		int total;

		double autoAccuracy() {
			return (this.auto > 0) ? 100.0 * this.autoCorrect / this.auto : 0;
		}

		double overallAccuracy() {
			return 100.0 * this.correct / this.total;
		}

	}

	static Score score(List<Ticket> tickets, List<Classification> results, double threshold) {
		Score score = new Score();
		score.total = tickets.size();
		for (int i = 0; i < tickets.size(); i++) {
			Classification result = results.get(i);
			boolean right = result.label().equals(tickets.get(i).label());
			score.correct += right ? 1 : 0;
			score.top2 += (right || (!result.alternatives().isEmpty()
					&& result.alternatives().get(0).label().equals(tickets.get(i).label()))) ? 1 : 0;
			if (result.confidence() >= threshold) {
				score.auto++;
				score.autoCorrect += right ? 1 : 0;
			}
		}
		return score;
	}

	static List<Ticket> tickets(String file) throws IOException {
		List<String> lines = new ArrayList<>();
		if (file != null) {
			lines.addAll(Files.readAllLines(Path.of(file)));
		}
		else {
			// one file per team, and tickets phrased less typically, written after the
			// examples and the threshold were fixed
			List<String> files = new ArrayList<>(List.of(TEAMS));
			files.add("atypical");
			for (String name : files) {
				try (InputStream in = TriageBenchmark.class
					.getResourceAsStream("/benchmark/tickets-" + name + ".txt")) {
					lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
				}
			}
		}
		List<Ticket> tickets = new ArrayList<>();
		for (String line : lines) {
			String[] parts = line.split("\\|", 3);
			if (parts.length == 3) {
				tickets.add(new Ticket(parts[0].strip(), parts[1].strip() + "\n\n" + parts[2].strip()));
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

	private static long residentBytes() {
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
