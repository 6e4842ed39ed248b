package io.steadyflow.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.steadyflow.SteadyflowApplication;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Drives Steadyflow's REST API the way clerks and approvers use it, with concurrent
 * clients, and prints throughput and latency percentiles per operation: start an invoice
 * (clara), find its approval task in the task list (alex), approve it (alex). It runs the
 * real application in-process, with its async executor on, so that the ERP posting after
 * each approval competes for the same CPU and database as the requests do.
 *
 * <p>
 * It measures and asserts nothing about speed. It exits with 1 when requests failed or
 * instances did not finish, because figures of a broken run mean nothing.
 *
 * <p>
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.db=both
 * -Dbench.clients=8 -Dbench.iterations=50 -Dbench.warmup=10}. The same settings can be
 * given as {@code key=value} arguments ({@code db=h2 clients=4}); arguments
 * {@code --name=value} go to the application. {@code -Dbench.metrics=both} runs each
 * database with Steadyflow's metrics off and on ({@code -Dbench.rounds} pairs, default 2)
 * and prints what they cost.
 */
public final class ApiBenchmark {

	static final String PROCESS_KEY = "invoice-approval";

	private static final String BENCH_DATABASE = "steadyflow_bench";

	private ApiBenchmark() {
	}

	/** What the measured phase sends. */
	enum Call {

		CYCLE(null), START(Operation.START), TASKS(Operation.LIST);

		private final Operation operation;

		Call(Operation operation) {
			this.operation = operation;
		}

		Operation operation() {
			return this.operation;
		}

		static Call from(String value) {
			try {
				return valueOf(value.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("call must be cycle, start or tasks; got '" + value + "'");
			}
		}

	}

	/** Where the application keeps its data during a run. */
	enum Database {

		H2, POSTGRES

	}

	/**
	 * @param databases the databases to run on, one after the other
	 * @param clients concurrent clients
	 * @param iterations measured invoices per client
	 * @param warmup unmeasured invoices per client before the measured run
	 * @param drainTimeout how long to wait for the ERP postings still queued after the
	 * last approval
	 * @param processes the directory deployed at start-up
	 * @param postgresHost PostgreSQL host
	 * @param postgresPort PostgreSQL port
	 * @param postgresUser a user that may drop and create databases
	 * @param postgresPassword its password, empty for trust authentication
	 * @param applicationArguments {@code --name=value} arguments for the application,
	 * applied after the benchmark's own
	 * @param metrics Steadyflow's own metrics on ({@code true}) or off, one run per entry
	 * and database: {@code metrics=both} prints what they cost side by side
	 * @param rounds with {@code metrics=both}: how many pairs of runs (off and on, in
	 * alternating order) per database, after one JVM warm-up run that is not compared
	 * @param rate requests per second offered in the measured phase (open loop: an
	 * invoice's four requests are started on a fixed schedule whatever the answers take,
	 * on up to {@code clients} connections); 0 for closed loop, each client as fast as it
	 * goes ({@code iterations} invoices each)
	 * @param seconds with a rate, or with a single call: how long the measured phase
	 * lasts
	 * @param call the whole invoice cycle, or one call alone at saturation: every
	 * connection sends it back to back for {@code seconds} ({@code start}: clara starts
	 * invoices; {@code tasks}: alex fetches the first page of his task list)
	 * @param backlog invoices started through the engine before the measured phase and
	 * left waiting for approval, so that the task list holds that many open tasks; the
	 * latency of one task-list page, fetched alone, is printed before the load starts
	 */
	record Settings(List<Database> databases, int clients, int iterations, int warmup, Duration drainTimeout,
			Path processes, String postgresHost, int postgresPort, String postgresUser, String postgresPassword,
			List<String> applicationArguments, List<Boolean> metrics, int rounds, double rate, int seconds, Call call,
			int backlog) {

		boolean cycles() {
			return this.call == Call.CYCLE;
		}

		static Settings from(String[] args) {
			Map<String, String> given = new HashMap<>();
			List<String> applicationArguments = new ArrayList<>();
			for (String arg : args) {
				if (arg.startsWith("--")) {
					// Handed to the application, e.g. to compare a configuration change.
					applicationArguments.add(arg);
					continue;
				}
				int equals = arg.indexOf('=');
				if (equals < 1) {
					throw new IllegalArgumentException(
							"Arguments are key=value, e.g. db=h2 clients=4; got '" + arg + "'");
				}
				given.put(arg.substring(0, equals).replaceFirst("^bench\\.", ""), arg.substring(equals + 1));
			}
			BiFunction<String, String, String> setting = (key, fallback) -> {
				String value = given.getOrDefault(key, System.getProperty("bench." + key, fallback));
				return (value == null || value.isBlank()) ? fallback : value.strip();
			};
			String db = setting.apply("db", "both").toLowerCase(Locale.ROOT);
			List<Database> databases = switch (db) {
				case "h2" -> List.of(Database.H2);
				case "postgres" -> List.of(Database.POSTGRES);
				case "both" -> List.of(Database.H2, Database.POSTGRES);
				default -> throw new IllegalArgumentException("db must be h2, postgres or both; got '" + db + "'");
			};
			String metrics = setting.apply("metrics", "on").toLowerCase(Locale.ROOT);
			List<Boolean> metricsRuns = switch (metrics) {
				case "on" -> List.of(true);
				case "off" -> List.of(false);
				case "both" -> List.of(true, false);
				default -> throw new IllegalArgumentException("metrics must be on, off or both; got '" + metrics + "'");
			};
			Settings settings = new Settings(databases, Integer.parseInt(setting.apply("clients", "8")),
					Integer.parseInt(setting.apply("iterations", "50")),
					Integer.parseInt(setting.apply("warmup", "10")),
					Duration.ofSeconds(Long.parseLong(setting.apply("drainSeconds", "120"))),
					Path.of(setting.apply("processes", "processes")).toAbsolutePath().normalize(),
					setting.apply("pgHost", "127.0.0.1"), Integer.parseInt(setting.apply("pgPort", "5432")),
					setting.apply("pgUser", "postgres"), setting.apply("pgPassword", ""),
					List.copyOf(applicationArguments), metricsRuns, Integer.parseInt(setting.apply("rounds", "2")),
					Double.parseDouble(setting.apply("rate", "0")), Integer.parseInt(setting.apply("seconds", "120")),
					Call.from(setting.apply("call", "cycle")), Integer.parseInt(setting.apply("backlog", "0")));
			if (settings.clients() < 1 || settings.iterations() < 1 || settings.warmup() < 0
					|| settings.backlog() < 0) {
				throw new IllegalArgumentException("clients and iterations must be >= 1, warmup and backlog >= 0");
			}
			if (!settings.cycles() && settings.rate() > 0) {
				throw new IllegalArgumentException("an offered rate applies to the invoice cycle, not to call="
						+ settings.call().name().toLowerCase(Locale.ROOT));
			}
			return settings;
		}

	}

	public static void main(String[] args) {
		int status;
		try {
			status = run(Settings.from(args)) ? 0 : 1;
		}
		catch (Exception ex) {
			System.err.println("Benchmark failed: " + ex);
			ex.printStackTrace();
			status = 2;
		}
		// The engine's and the HTTP clients' threads must not keep the JVM alive.
		System.exit(status);
	}

	private static boolean run(Settings settings) throws Exception {
		System.out.printf(
				"Steadyflow REST benchmark: %d clients, %s (after %d warm-up invoices each), %d open tasks "
						+ "before, databases %s, Steadyflow metrics %s, %d cores%n",
				settings.clients(),
				settings.cycles()
						? ((settings.rate() > 0)
								? settings.rate() + " requests/s offered for " + settings.seconds() + " s"
								: settings.iterations() + " invoices each")
						: settings.call().operation().label() + " at saturation for " + settings.seconds() + " s",
				settings.warmup(), settings.backlog(), settings.databases(),
				settings.metrics().stream().map((on) -> on ? "on" : "off").toList(),
				Runtime.getRuntime().availableProcessors());
		System.out.printf("Note: a bcrypt password check costs %.1f ms of CPU here; the API remembers a checked "
				+ "HTTP Basic password for a short time, so it is not paid per request.%n", bcryptMillis());
		List<RunReport> reports = new ArrayList<>();
		boolean compare = settings.metrics().size() > 1;
		if (compare) {
			// The first application in a JVM runs on cold JIT-compiled code and would
			// make whichever setting runs first look slow.
			System.out.println();
			System.out.println("(JVM warm-up run, not compared)");
			runOn(settings.databases().get(0), true, settings);
		}
		Map<Database, List<RunReport>> byDatabase = new EnumMap<>(Database.class);
		for (Database database : settings.databases()) {
			if (!compare) {
				RunReport report = runOn(database, settings.metrics().get(0), settings);
				reports.add(report);
				continue;
			}
			for (int round = 0; round < settings.rounds(); round++) {
				// off then on, on then off, ...: the order's own effect cancels out
				List<Boolean> order = (round % 2 == 0) ? List.of(false, true) : List.of(true, false);
				for (boolean metrics : order) {
					RunReport report = runOn(database, metrics, settings);
					reports.add(report);
					byDatabase.computeIfAbsent(database, (key) -> new ArrayList<>()).add(report);
				}
			}
		}
		if (reports.size() > 1) {
			System.out.println();
			System.out.println("== Summary ==");
			for (RunReport report : reports) {
				System.out.println(report.summaryLine());
			}
		}
		if (compare) {
			printMetricsCost(byDatabase);
		}
		return reports.stream().allMatch(RunReport::clean);
	}

	/**
	 * The same load with and without Steadyflow's metrics, per database: every run's
	 * requests and invoices per second and latencies, then the mean throughput of each
	 * setting and the share lost with metrics on (negative: the runs with metrics were
	 * faster, i.e. the difference is noise).
	 */
	private static void printMetricsCost(Map<Database, List<RunReport>> byDatabase) {
		System.out.println();
		System.out.println("== Cost of Steadyflow's metrics (steadyflow.metrics.enabled) ==");
		System.out.printf("%-9s %-8s %10s %10s %10s %10s%n", "database", "metrics", "requests/s", "invoices/s",
				"req p50 ms", "req p99 ms");
		byDatabase.forEach((database, runs) -> {
			String name = database.name().toLowerCase(Locale.ROOT);
			for (RunReport report : runs) {
				System.out.printf("%-9s %-8s %10.1f %10.2f %10.1f %10.1f%n", name, report.metrics() ? "on" : "off",
						report.requestsPerSecond(), report.invoicesPerSecond(),
						report.requestLatencies().percentileMillis(50), report.requestLatencies().percentileMillis(99));
			}
			double off = runs.stream()
				.filter((run) -> !run.metrics())
				.mapToDouble(RunReport::requestsPerSecond)
				.average()
				.orElse(Double.NaN);
			double on = runs.stream()
				.filter(RunReport::metrics)
				.mapToDouble(RunReport::requestsPerSecond)
				.average()
				.orElse(Double.NaN);
			System.out.printf("%-9s mean requests/s: off %.1f, on %.1f; throughput cost of metrics %+.1f %%%n", name,
					off, on, 100 * (off - on) / off);
		});
	}

	private static RunReport runOn(Database database, boolean metrics, Settings settings) throws Exception {
		int port = freePort();
		// Command-line arguments, because they take precedence over application.yaml.
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", String.valueOf(port));
		// The default ERP URL follows server.port; it has to be the real port, which is
		// why the port is chosen here instead of server.port=0.
		properties.put("steadyflow.erp.base-url", "http://127.0.0.1:" + port + "/demo/erp");
		properties.put("steadyflow.deployment.processes-location", settings.processes().toString());
		properties.put("flowable.async-executor-activate", "true");
		properties.put("logging.level.root", "WARN");
		properties.put("steadyflow.metrics.enabled", Boolean.toString(metrics));
		Path h2Directory = null;
		String description;
		if (database == Database.H2) {
			h2Directory = Files.createTempDirectory("steadyflow-bench-h2");
			properties.put("spring.datasource.url",
					"jdbc:h2:file:" + h2Directory.resolve("steadyflow") + ";AUTO_SERVER=FALSE");
			properties.put("spring.datasource.username", "sa");
			properties.put("spring.datasource.password", "");
			description = "H2 (file, " + h2Directory + ")";
		}
		else {
			recreatePostgresDatabase(settings);
			String url = "jdbc:postgresql://" + settings.postgresHost() + ":" + settings.postgresPort() + "/"
					+ BENCH_DATABASE;
			properties.put("spring.datasource.url", url);
			properties.put("spring.datasource.username", settings.postgresUser());
			properties.put("spring.datasource.password", settings.postgresPassword());
			description = "PostgreSQL (" + url + ")";
		}
		// Given twice, a command-line property would be read as both values joined.
		settings.applicationArguments().forEach((argument) -> {
			int equals = argument.indexOf('=');
			properties.put(argument.substring(2, (equals > 0) ? equals : argument.length()),
					(equals > 0) ? argument.substring(equals + 1) : "");
		});
		String[] profiles = (database == Database.H2) ? new String[] { "demo" } : new String[] { "postgres", "demo" };

		description += metrics ? ", metrics on" : ", metrics off";
		System.out.println();
		System.out.println("== " + description + " ==");
		long startedAt = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SteadyflowApplication.class)
			.profiles(profiles)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
		try {
			int actualPort = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			System.out.printf("Application started on port %d in %.1f s%n", actualPort,
					(System.nanoTime() - startedAt) / 1e9);
			String baseUrl = "http://127.0.0.1:" + actualPort;
			Engine engine = new Engine(context.getBean(HistoryService.class), context.getBean(ManagementService.class));

			if (settings.warmup() > 0) {
				Phase warmup = runPhase("W", baseUrl, settings.clients(), settings.warmup());
				Duration drained = engine.awaitAllFinished(settings.drainTimeout());
				System.out.printf("Warm-up: %d invoices in %.1f s, %d failed requests, ERP postings %s%n",
						warmup.invoices(), warmup.elapsedNanos() / 1e9, warmup.errorCount(),
						(drained != null) ? "done " + drained.toMillis() + " ms later"
								: "NOT done within " + settings.drainTimeout());
			}
			if (settings.backlog() > 0) {
				Backlog.seed(context, settings.backlog());
				Backlog.printPageLatency(baseUrl, settings.backlog());
			}
			// Other processes on the machine skew every figure; the load says how much.
			System.out.printf("System load average before the measured run: %.2f%n",
					java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
			// Prometheus reads the metrics while the load runs, as in production (more
			// often than the usual 15 s, so that a short run sees several scrapes).
			Phase measured;
			CpuTime cpuBefore = CpuTime.now();
			try (Scraper scraper = new Scraper(baseUrl, Duration.ofSeconds(5))) {
				if (!settings.cycles()) {
					measured = runSaturation(baseUrl, settings.call().operation(), settings.clients(),
							settings.seconds());
				}
				else if (settings.rate() > 0) {
					measured = runOpenLoop(baseUrl, settings.clients(), settings.rate(), settings.seconds());
				}
				else {
					measured = runPhase("M", baseUrl, settings.clients(), settings.iterations());
				}
				System.out.printf("Scrapes of /actuator/prometheus during the run: %d%n", scraper.scrapes());
			}
			measured = measured.withCpu(CpuTime.now().minus(cpuBefore));
			if (!settings.cycles()) {
				// Started invoices and the backlog wait for approval by design.
				RunReport report = new RunReport(description, metrics, settings, measured, Duration.ZERO, 0,
						engine.failedJobs(), List.of());
				report.print();
				return report;
			}
			Duration drain = engine.awaitAllFinished(settings.drainTimeout());
			// One look through the API itself that the approved invoices reached their
			// end.
			List<String> lastStates = measured.clients()
				.stream()
				.map(ClientResult::lastInstanceId)
				.filter(java.util.Objects::nonNull)
				.map((id) -> BenchmarkClient.instanceState(baseUrl, id))
				.toList();
			RunReport report = new RunReport(description, metrics, settings, measured, drain, engine.unfinished(),
					engine.failedJobs(), lastStates);
			report.print();
			return report;
		}
		finally {
			context.close();
			if (h2Directory != null) {
				deleteRecursively(h2Directory);
			}
		}
	}

	private static Phase runPhase(String prefix, String baseUrl, int clients, int iterations)
			throws InterruptedException, ExecutionException {
		return runClients(clients, (client,
				begin) -> new BenchmarkClient(baseUrl, "BENCH-" + prefix + "-" + client + "-").run(iterations));
	}

	/**
	 * One call at saturation: each of {@code clients} connections sends it again as soon
	 * as the answer is in, for {@code seconds}.
	 */
	private static Phase runSaturation(String baseUrl, Operation operation, int clients, int seconds)
			throws InterruptedException, ExecutionException {
		return runClients(clients,
				(client, begin) -> new BenchmarkClient(baseUrl, "BENCH-" + operation.name() + "-" + client + "-")
					.repeat(operation, begin + seconds * 1_000_000_000L));
	}

	/**
	 * What one client does in a closed-loop phase, given its number and when all began.
	 */
	private interface ClientRun {

		ClientResult run(int client, long beginNanos);

	}

	/**
	 * Runs the clients at once, each on a thread of its own, and collects their results.
	 */
	private static Phase runClients(int clients, ClientRun run) throws InterruptedException, ExecutionException {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			CountDownLatch start = new CountDownLatch(1);
			long[] begin = new long[1];
			List<Future<ClientResult>> futures = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				int number = client;
				futures.add(pool.submit(() -> {
					start.await();
					return run.run(number, begin[0]);
				}));
			}
			begin[0] = System.nanoTime();
			start.countDown();
			List<ClientResult> results = new ArrayList<>();
			for (Future<ClientResult> future : futures) {
				results.add(future.get());
			}
			return new Phase(results, System.nanoTime() - begin[0]);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Open loop: an invoice cycle (start, list, claim, complete: four requests and the
	 * list pages it needs) is due every {@code 4 / rate} seconds; each due cycle takes a
	 * free client (connection) from a pool of {@code clients}, waiting for one when all
	 * are busy. The start's latency counts from when the cycle was due, so that queueing
	 * shows instead of slowing the offered load down (no coordinated omission).
	 */
	private static Phase runOpenLoop(String baseUrl, int clients, double rate, int seconds)
			throws InterruptedException, ExecutionException {
		java.util.concurrent.BlockingQueue<BenchmarkClient> free = new java.util.concurrent.LinkedBlockingQueue<>();
		List<BenchmarkClient> all = new ArrayList<>();
		for (int client = 0; client < clients; client++) {
			BenchmarkClient benchmarkClient = new BenchmarkClient(baseUrl, "");
			all.add(benchmarkClient);
			free.add(benchmarkClient);
		}
		long intervalNanos = (long) (Operation.values().length - 1) * 1_000_000_000L / Math.max(1, (long) rate);
		long cycles = (long) seconds * 1_000_000_000L / intervalNanos;
		ExecutorService pool = Executors.newCachedThreadPool();
		List<Future<?>> running = new ArrayList<>();
		long begin = System.nanoTime();
		try {
			for (long cycle = 0; cycle < cycles; cycle++) {
				long due = begin + cycle * intervalNanos;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
				String businessKey = "BENCH-OPEN-" + cycle;
				running.add(pool.submit(() -> {
					BenchmarkClient client = free.take();
					try {
						client.cycle(businessKey, due);
					}
					finally {
						free.add(client);
					}
					return null;
				}));
			}
			for (Future<?> future : running) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		long elapsed = System.nanoTime() - begin;
		System.out.printf("Offered: %.0f requests/s as %d invoice cycles over %d s on %d connections%n", rate, cycles,
				seconds, clients);
		return new Phase(all.stream().map(BenchmarkClient::result).toList(), elapsed);
	}

	private static void recreatePostgresDatabase(Settings settings) throws SQLException {
		String adminUrl = "jdbc:postgresql://" + settings.postgresHost() + ":" + settings.postgresPort() + "/postgres";
		try (Connection connection = DriverManager.getConnection(adminUrl, settings.postgresUser(),
				settings.postgresPassword()); Statement statement = connection.createStatement()) {
			// FORCE ends sessions a crashed earlier run may have left open (PostgreSQL
			// 13+).
			statement.execute("DROP DATABASE IF EXISTS " + BENCH_DATABASE + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + BENCH_DATABASE);
		}
		catch (SQLException ex) {
			throw new SQLException("PostgreSQL at " + adminUrl + " as " + settings.postgresUser()
					+ " could not (re)create database " + BENCH_DATABASE + ": " + ex.getMessage(), ex);
		}
	}

	/** Median of a few bcrypt checks of the demo users' password hash. */
	private static double bcryptMillis() {
		BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
		String hash = "$2a$10$RMD4A8jQj8wYvryYw0sfqu2DDru6LZ9j1zp5aU.YHc/ZLZGFkPHKu";
		long[] nanos = new long[7];
		for (int i = 0; i < nanos.length; i++) {
			long begin = System.nanoTime();
			encoder.matches("demo", hash);
			nanos[i] = System.nanoTime() - begin;
		}
		Arrays.sort(nanos);
		return nanos[nanos.length / 2] / 1e6;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			System.err.println("Could not delete " + directory + ": " + ex.getMessage());
		}
	}

	/** The clients' results of one phase (warm-up or measured). */
	record Phase(List<ClientResult> clients, long elapsedNanos, CpuTime cpu) {

		Phase(List<ClientResult> clients, long elapsedNanos) {
			this(clients, elapsedNanos, null);
		}

		Phase withCpu(CpuTime cpu) {
			return new Phase(this.clients, this.elapsedNanos, cpu);
		}

		int invoices() {
			return this.clients.stream().mapToInt(ClientResult::completedInvoices).sum();
		}

		long errorCount() {
			return this.clients.stream().mapToLong(ClientResult::errorCount).sum();
		}

		Map<Operation, Latencies> merged() {
			Map<Operation, Latencies> merged = new EnumMap<>(Operation.class);
			for (Operation operation : Operation.values()) {
				Latencies all = new Latencies();
				this.clients.forEach((client) -> all.add(client.latencies().get(operation)));
				merged.put(operation, all);
			}
			return merged;
		}

	}

	/** Reads the engine directly, to see when the asynchronous ERP postings are done. */
	record Engine(HistoryService history, ManagementService management) {

		long unfinished() {
			return this.history.createHistoricProcessInstanceQuery()
				.processDefinitionKey(PROCESS_KEY)
				.unfinished()
				.count();
		}

		long failedJobs() {
			return this.management.createDeadLetterJobQuery().count()
					+ this.management.createJobQuery().withException().count();
		}

		/**
		 * @return how long it took, or {@code null} when instances were still running at
		 * the timeout
		 */
		Duration awaitAllFinished(Duration timeout) throws InterruptedException {
			long begin = System.nanoTime();
			long deadline = begin + timeout.toNanos();
			while (unfinished() > 0) {
				// A job that failed waits for its retry (a minute): no point waiting for
				// it.
				if (failedJobs() > 0 || System.nanoTime() > deadline) {
					return null;
				}
				Thread.sleep(20);
			}
			return Duration.ofNanos(System.nanoTime() - begin);
		}

	}

}
