package io.steadyflow.benchmark.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.SteadyflowApplication;
import io.steadyflow.benchmark.engine.bare.BareFlowableApplication;

/**
 * Start-up time and idle memory of Steadyflow beside a bare Spring Boot 3.5 + Flowable
 * 7.2 application with the same starters ({@link BareFlowableApplication}), each started
 * as an operating-system process of its own on a new H2 file database, in alternating
 * order. Start-up is Spring Boot's own "process running for" figure at the "Started" line
 * (JVM start included). Idle RSS is read from /proc once the process has used less than 2
 * % of a core for 5 s — for Steadyflow that is after the example workflows were deployed
 * and the AI model was loaded and had embedded their labels in the background — and again
 * after {@code bench.settle} seconds more of idleness (120), past Steadyflow's periodic
 * collection when idle (at most twice its 30 s interval after the last collection,
 * {@code IdleHeap}).
 *
 * <p>
 * Run: {@code ./mvnw -q -Pfootprint-benchmark test-compile exec:exec}
 * ({@code -Dbench.rounds=3}, {@code -Dbench.jvm="-Xmx256m"} for JVM options given to both
 * applications, {@code -Dbench.settle=120}).
 */
public final class FootprintBenchmark {

	private static final Pattern STARTED = Pattern
		.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	private FootprintBenchmark() {
	}

	/**
	 * @param idleRssMegabytes RSS once the process went quiet
	 * @param settledRssMegabytes RSS after it stayed idle {@code bench.settle} seconds
	 * more (Steadyflow's periodic collection when idle runs within twice its 30 s
	 * interval)
	 */
	record Run(double startupSeconds, double idleRssMegabytes, double settledRssMegabytes) {
	}

	public static void main(String[] args) throws Exception {
		int rounds = Integer.getInteger("bench.rounds", 3);
		int settle = Integer.getInteger("bench.settle", 120);
		List<String> jvm = Arrays.stream(System.getProperty("bench.jvm", "").trim().split("\\s+"))
			.filter((option) -> !option.isEmpty())
			.toList();
		System.out.printf(Locale.ROOT, "Footprint benchmark: %d rounds, %d cores, JVM options %s%n", rounds,
				Runtime.getRuntime().availableProcessors(), jvm.isEmpty() ? "(JVM defaults)" : jvm);
		Map<String, List<Run>> runs = new LinkedHashMap<>();
		List<Double> loads = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			List<String> order = (round % 2 == 0) ? List.of("bare", "steadyflow") : List.of("steadyflow", "bare");
			for (String app : order) {
				loads.add(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
				Run run = run(app, jvm, settle);
				System.out.printf(Locale.ROOT,
						"round %d %-10s start-up %.1f s, idle RSS %.0f MB, after %d s more idle %.0f MB%n", round + 1,
						app, run.startupSeconds(), run.idleRssMegabytes(), settle, run.settledRssMegabytes());
				runs.computeIfAbsent(app, (key) -> new ArrayList<>()).add(run);
			}
		}
		double bareStartup = median(runs.get("bare").stream().mapToDouble(Run::startupSeconds).toArray());
		double bareRss = median(runs.get("bare").stream().mapToDouble(Run::idleRssMegabytes).toArray());
		System.out.println();
		System.out
			.println("| application (H2 file) | start-up s, median (min–max) | idle RSS MB, median (min–max) | after "
					+ settle + " s more idle, MB |");
		System.out.println("|---|---:|---:|---:|");
		for (Map.Entry<String, List<Run>> app : runs.entrySet()) {
			double[] startups = app.getValue().stream().mapToDouble(Run::startupSeconds).sorted().toArray();
			double[] rss = app.getValue().stream().mapToDouble(Run::idleRssMegabytes).sorted().toArray();
			double[] settled = app.getValue().stream().mapToDouble(Run::settledRssMegabytes).sorted().toArray();
			System.out.printf(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) |%n",
					app.getKey().equals("bare") ? "bare Spring Boot 3.5.7 + Flowable 7.2"
							: "Steadyflow (examples deployed, AI model loaded)",
					median(startups), startups[0], startups[startups.length - 1], median(rss), rss[0],
					rss[rss.length - 1], median(settled), settled[0], settled[settled.length - 1]);
		}
		double[] steadyStartups = runs.get("steadyflow").stream().mapToDouble(Run::startupSeconds).toArray();
		double[] steadyRss = runs.get("steadyflow").stream().mapToDouble(Run::idleRssMegabytes).toArray();
		System.out.printf(Locale.ROOT, "Steadyflow / bare: start-up %.2f×, idle RSS %.2f×%n",
				median(steadyStartups) / bareStartup, median(steadyRss) / bareRss);
		System.out.printf(Locale.ROOT, "Load average (1 min) at the starts: min %.2f, max %.2f%n",
				loads.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
				loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
		System.exit(0);
	}

	private static Run run(String app, List<String> jvm, int settle) throws Exception {
		Path directory = Files.createTempDirectory("steadyflow-footprint-" + app);
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.addAll(jvm);
		command.addAll(List.of("-cp", System.getProperty("java.class.path")));
		int port = freePort();
		String database = "--spring.datasource.url=jdbc:h2:file:" + directory.resolve("db")
				+ ";AUTO_SERVER=FALSE;WRITE_DELAY=0";
		if (app.equals("bare")) {
			command.addAll(List.of(BareFlowableApplication.class.getName(), "--spring.config.name=bare-flowable",
					"--server.port=" + port, database));
		}
		else {
			command.addAll(List.of(SteadyflowApplication.class.getName(), "--server.port=" + port, database,
					"--steadyflow.erp.base-url=http://127.0.0.1:" + port + "/demo/erp"));
		}
		Process process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
			.redirectErrorStream(true)
			.start();
		try {
			CompletableFuture<Double> started = new CompletableFuture<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader lines = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = lines.readLine()) != null) {
						Matcher matcher = STARTED.matcher(line);
						if (matcher.find()) {
							started.complete(Double.parseDouble(matcher.group(2)));
						}
					}
					started.completeExceptionally(new IllegalStateException(app + " ended before it started"));
				}
				catch (IOException ex) {
					started.completeExceptionally(ex);
				}
			}, "footprint-" + app);
			reader.setDaemon(true);
			reader.start();
			double startup = started.get(10, TimeUnit.MINUTES);
			double idle = idleRssMegabytes(process.pid());
			Thread.sleep(TimeUnit.SECONDS.toMillis(settle));
			return new Run(startup, idle, rssMegabytes(process.pid()));
		}
		finally {
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	/**
	 * Waits until the process used under 2 % of one core for 5 s (at most 5 minutes),
	 * then reads its resident set size.
	 */
	private static double idleRssMegabytes(long pid) throws Exception {
		long ticksPerSecond = 100;
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		long before = cpuTicks(pid);
		while (System.nanoTime() < deadline) {
			Thread.sleep(5_000);
			long now = cpuTicks(pid);
			if ((now - before) < 0.02 * 5 * ticksPerSecond) {
				break;
			}
			before = now;
		}
		return rssMegabytes(pid);
	}

	private static double rssMegabytes(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
			}
		}
		throw new IllegalStateException("No VmRSS for process " + pid);
	}

	/** utime + stime of the process, in clock ticks (USER_HZ, 100 on Linux). */
	private static long cpuTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

}
