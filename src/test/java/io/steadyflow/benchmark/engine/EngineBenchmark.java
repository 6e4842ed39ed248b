package io.steadyflow.benchmark.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine benchmark: the same three workloads on the same BPMN, on H2 and on
 * PostgreSQL, through (a) plain Flowable 7.2 with its defaults, (b) Camunda 7.24's
 * embedded engine with its defaults and history {@code audit}, and (c) Steadyflow's own
 * engine as the application configures it (listeners, gate, metrics, history). Each
 * engine runs in a JVM of its own ({@link EngineWorker}); their rounds are interleaved,
 * workload by workload and in a rotating order, so that other load on the machine hits
 * all alike. Prints the median and the spread (min–max) of every workload, and the ratios
 * (c)/(b) and (c)/(a) of the medians.
 *
 * <ul>
 * <li>W1: a process of three no-op service tasks started and finished synchronously, by
 * one and by two threads: instances/s.
 * <li>W2: start, query the user task, complete it, one thread: iterations/s, and the p50
 * and p99 of the completion.
 * <li>W3: instances with one asynchronous no-op service task each, created with the job
 * executor off, then drained by it: instances/s from its start until the last ended.
 * </ul>
 *
 * <p>
 * Run: {@code ./mvnw -q -Pengine-benchmark test-compile exec:exec} (settings in pom.xml,
 * e.g. {@code -Dbench.db=h2 -Dbench.rounds=3}). {@code -Dbench.statements=true} first
 * counts the SQL statements per instance of each workload and engine (a separate pass
 * through a counting JDBC proxy, not timed). {@code -Dbench.jfr=true} records each worker
 * with Java Flight Recorder into {@code target/engine-benchmark/}. PostgreSQL databases:
 * {@code <STEADYFLOW_TEST_PG_DATABASE>_engine_bench_<engine>}, created anew.
 */
public final class EngineBenchmark {

	private static final List<String> ALL_ENGINES = List.of("flowable", "camunda", "steadyflow");

	private static List<String> ENGINES = ALL_ENGINES;

	private static final Map<String, String> LABELS = Map.of("flowable", "(a) Flowable 7.2 defaults", "camunda",
			"(b) Camunda 7.24", "steadyflow", "(c) Steadyflow");

	private EngineBenchmark() {
	}

	record Settings(List<String> databases, int rounds, int warmup, int w1, int w2, int w3, boolean statements,
			boolean jfr, List<String> applicationArguments) {

		static Settings read() {
			String db = System.getProperty("bench.db", "both");
			List<String> databases = "both".equals(db) ? List.of("h2", "postgres") : List.of(db.split(","));
			return new Settings(databases, Integer.getInteger("bench.rounds", 5), Integer.getInteger("bench.warmup", 2),
					Integer.getInteger("bench.w1", 1000), Integer.getInteger("bench.w2", 300),
					Integer.getInteger("bench.w3", 2000), Boolean.getBoolean("bench.statements"),
					Boolean.getBoolean("bench.jfr"),
					Arrays.stream(System.getProperty("bench.app", "").trim().split("\\s+"))
						.filter((argument) -> !argument.isEmpty())
						.toList());
		}

	}

	/** A workload as the table shows it, and the command that runs one round of it. */
	record Workload(String name, String command) {
	}

	public static void main(String[] args) throws Exception {
		Settings settings = Settings.read();
		ENGINES = List.of(System.getProperty("bench.engines", String.join(",", ALL_ENGINES)).split(","));
		List<Workload> workloads = List.of(new Workload("W1 straight-through, 1 thread", "w1 1 " + settings.w1()),
				new Workload("W1 straight-through, 2 threads", "w1 2 " + settings.w1()),
				new Workload("W2 start, query, complete", "w2 " + settings.w2()),
				new Workload("W3 async jobs drained", "w3 " + settings.w3()));
		System.out.printf(Locale.ROOT,
				"Engine benchmark: %d cores, %d MB max heap per engine JVM, %d warm-up + %d measured rounds, "
						+ "W1 %d, W2 %d, W3 %d instances per round%n",
				Runtime.getRuntime().availableProcessors(), 1024, settings.warmup(), settings.rounds(), settings.w1(),
				settings.w2(), settings.w3());
		List<Double> loads = new ArrayList<>();
		StringBuilder tables = new StringBuilder();
		boolean clean = true;
		for (String database : settings.databases()) {
			Map<String, Worker> workers = new LinkedHashMap<>();
			if (settings.rounds() == 0) {
				// only the statement counts
				String counts = statements(database, settings);
				System.out.print(counts);
				tables.append(counts);
				continue;
			}
			try {
				// started side by side: start-up is the slowest part of a short run
				for (String engine : ENGINES) {
					workers.put(engine, Worker.launch(engine, database, settings, false));
				}
				workers.values().forEach(Worker::awaitReady);
				workers.forEach((engine, worker) -> System.out.printf(Locale.ROOT, "%s on %s started in %.1f s%n",
						LABELS.get(engine), database, worker.startupNanos / 1e9));
				Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
				for (int round = 0; round < settings.warmup() + settings.rounds(); round++) {
					boolean measured = round >= settings.warmup();
					double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
					loads.add(load);
					System.out.printf(Locale.ROOT, "%s round %d%s, load average %.2f%n", database, round + 1,
							measured ? "" : " (warm-up)", load);
					for (Workload workload : workloads) {
						// A rotating order: no engine always runs right after another's
						// burst of writes.
						for (int i = 0; i < ENGINES.size(); i++) {
							String engine = ENGINES.get((i + round) % ENGINES.size());
							double[] result = workers.get(engine).measure(workload.command());
							if (measured) {
								results.computeIfAbsent(workload.name(), (key) -> new LinkedHashMap<>())
									.computeIfAbsent(engine, (key) -> new ArrayList<>())
									.add(result);
							}
						}
					}
				}
				tables.append(table(database, results, settings));
			}
			catch (IllegalStateException ex) {
				System.out.println("FAILED on " + database + ": " + ex.getMessage());
				clean = false;
			}
			finally {
				workers.values().forEach(Worker::stop);
			}
			if (settings.statements()) {
				tables.append(statements(database, settings));
			}
		}
		System.out.println();
		System.out.print(tables);
		System.out.printf(Locale.ROOT, "Load average (1 min) during the rounds: min %.2f, max %.2f on %d cores%n",
				loads.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
				loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
				Runtime.getRuntime().availableProcessors());
		System.exit(clean ? 0 : 1);
	}

	/**
	 * The Markdown table of one database: per workload, each engine's median and spread,
	 * then the ratios of (c) to (b) and (a).
	 */
	private static String table(String database, Map<String, Map<String, List<double[]>>> results, Settings settings) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "%n%s, %d rounds: median (min–max)%n%n",
				database.equals("h2") ? "H2 (file, WRITE_DELAY=0)" : "PostgreSQL (127.0.0.1)", settings.rounds()));
		out.append(
				"| workload | unit | (a) Flowable 7.2 defaults | (b) Camunda 7.24 | (c) Steadyflow | (c)/(b) | (c)/(a) |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|\n");
		results.forEach((workload, byEngine) -> {
			out.append(row(workload, workload.startsWith("W2") ? "iterations/s" : "instances/s", byEngine,
					EngineBenchmark::throughput, true));
			if (workload.startsWith("W2")) {
				out.append(row("W2 complete p99", "ms", byEngine, (result) -> result[3] / 1000.0, false));
			}
		});
		return out.toString();
	}

	private static String row(String name, String unit, Map<String, List<double[]>> byEngine,
			java.util.function.ToDoubleFunction<double[]> figure, boolean higherIsBetter) {
		Map<String, double[]> stats = new LinkedHashMap<>();
		// every column, also of an engine left out of this run (-Dbench.engines)
		for (String engine : ALL_ENGINES) {
			double[] values = byEngine.getOrDefault(engine, List.of()).stream().mapToDouble(figure).sorted().toArray();
			stats.put(engine, values);
		}
		StringBuilder line = new StringBuilder("| " + name + " | " + unit + " |");
		for (String engine : ALL_ENGINES) {
			double[] values = stats.get(engine);
			line.append((values.length == 0) ? " – |" : String.format(Locale.ROOT, " %s (%s–%s) |",
					figure(median(values)), figure(values[0]), figure(values[values.length - 1])));
		}
		double c = median(stats.get("steadyflow"));
		double b = median(stats.get("camunda"));
		double a = median(stats.get("flowable"));
		// For a latency the ratio is inverted, so that above 1 always means (c) is
		// better.
		line.append(" ").append(ratio(higherIsBetter ? c / b : b / c)).append(" | ");
		line.append(ratio(higherIsBetter ? c / a : a / c)).append(" |\n");
		return line.toString();
	}

	private static double throughput(double[] result) {
		return result[1] / (result[0] / 1e9);
	}

	private static String figure(double value) {
		return (value >= 100) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String ratio(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f×", value);
	}

	/** The median, or NaN for an engine that did not run. */
	private static double median(double[] sorted) {
		int n = sorted.length;
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * The statement-count pass: fresh workers with a counting pool, a short warm-up, then
	 * the statements per instance of each workload.
	 */
	private static String statements(String database, Settings settings) {
		StringBuilder out = new StringBuilder();
		out.append(
				String.format(Locale.ROOT, "%nSQL statements per instance on %s (round trips, commits)%n%n", database));
		Map<String, Map<String, String>> detail = new LinkedHashMap<>();
		out.append(
				"| workload | (a) Flowable 7.2 defaults | (b) Camunda 7.24 | (c) Steadyflow |\n|---|---:|---:|---:|\n");
		Map<String, Map<String, String>> cells = new LinkedHashMap<>();
		for (String engine : ENGINES) {
			Worker worker = Worker.launch(engine, database, settings, true);
			worker.awaitReady();
			try {
				for (String workload : List.of("w1", "w2", "w3")) {
					worker.answer("count " + workload + " 20");
					String[] answer = worker.answer("count " + workload + " 50").split(" ");
					double instances = Double.parseDouble(answer[2]);
					double total = 0;
					StringBuilder shapes = new StringBuilder();
					if (answer.length > 3) {
						for (String shape : answer[3].split(";")) {
							String[] parts = shape.split("=");
							double perInstance = Long.parseLong(parts[1]) / instances;
							total += perInstance;
							shapes.append(
									String.format(Locale.ROOT, "%s %.1f, ", parts[0].replace('_', ' '), perInstance));
						}
					}
					cells.computeIfAbsent(workload, (key) -> new LinkedHashMap<>())
						.put(engine, String.format(Locale.ROOT, "%.1f (%.1f, %.1f)", total,
								Long.parseLong(answer[0]) / instances, Long.parseLong(answer[1]) / instances));
					detail.computeIfAbsent(workload, (key) -> new LinkedHashMap<>()).put(engine, shapes.toString());
				}
			}
			finally {
				worker.stop();
			}
		}
		cells.forEach((workload, byEngine) -> out.append("| ")
			.append(workload.toUpperCase(Locale.ROOT))
			.append(" | ")
			.append(String.join(" | ",
					ALL_ENGINES.stream().map((engine) -> byEngine.getOrDefault(engine, "–")).toList()))
			.append(" |\n"));
		out.append("\nBy statement (per instance; W3 includes the benchmark's polling for the end):\n");
		detail.forEach((workload, byEngine) -> byEngine.forEach((engine, shapes) -> out
			.append(String.format(Locale.ROOT, "%s %s: %s%n", workload.toUpperCase(Locale.ROOT), engine, shapes))));
		return out.toString();
	}

	/** One engine's JVM and the pipes to it. */
	static final class Worker {

		private final Process process;

		private final PrintWriter input;

		private final String name;

		private long startupNanos;

		private final java.util.concurrent.BlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();

		private Worker(Process process, String name) {
			this.process = process;
			this.name = name;
			this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
			Path log = Path.of("target", "engine-benchmark", name + ".log");
			// The worker's log goes to its file as it comes; answers to the queue.
			Thread reader = new Thread(() -> {
				try (BufferedReader output = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
						var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
					String line;
					while ((line = output.readLine()) != null) {
						if (line.startsWith(EngineWorker.ANSWER)) {
							this.answers.add(line.substring(EngineWorker.ANSWER.length()));
						}
						else {
							writer.write(line);
							writer.newLine();
							writer.flush();
						}
					}
				}
				catch (IOException ex) {
					System.out.println(name + ": " + ex.getMessage());
				}
				this.answers.add("ended; its log: " + log.toAbsolutePath());
			}, "worker-" + name);
			reader.setDaemon(true);
			reader.start();
		}

		static Worker launch(String engine, String database, Settings settings, boolean count) {
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms1g", "-Xmx1g",
							"-XX:+ExitOnOutOfMemoryError"));
			Path logs = Path.of("target", "engine-benchmark");
			try {
				Files.createDirectories(logs);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create " + logs, ex);
			}
			if (settings.jfr() && !count) {
				command.add("-XX:StartFlightRecording=settings=profile,filename="
						+ logs.resolve(engine + "-" + database + ".jfr").toAbsolutePath());
			}
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineWorker.class.getName(), engine,
					database, Boolean.toString(count)));
			if ("steadyflow".equals(engine)) {
				command.addAll(settings.applicationArguments());
			}
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectInput(ProcessBuilder.Redirect.PIPE)
					.start();
				return new Worker(process, engine + "-" + database + (count ? "-count" : ""));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start the " + engine + " worker", ex);
			}
		}

		void awaitReady() {
			String answer = readAnswer();
			if (!answer.startsWith("ready ")) {
				throw new IllegalStateException(this.name + " did not start: " + answer);
			}
			this.startupNanos = Long.parseLong(answer.split(" ")[1]);
		}

		/**
		 * @return elapsed ns, instances, and for W2 the p50 and p99 in microseconds
		 */
		double[] measure(String command) {
			return Arrays.stream(answer(command).split(" ")).mapToDouble(Double::parseDouble).toArray();
		}

		String answer(String command) {
			this.input.println(command);
			String answer = readAnswer();
			if (!answer.startsWith("ok ")) {
				throw new IllegalStateException(this.name + " answered '" + command + "' with: " + answer);
			}
			return answer.substring(3);
		}

		private String readAnswer() {
			try {
				return this.answers.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(this.name + " interrupted", ex);
			}
		}

		void stop() {
			this.input.println("quit");
			try {
				if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

}
