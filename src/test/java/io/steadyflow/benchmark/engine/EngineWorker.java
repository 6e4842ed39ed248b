package io.steadyflow.benchmark.engine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import ch.qos.logback.classic.Level;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine on one database, in a JVM of its own (so that Camunda's and Flowable's
 * classes, statics and JIT profiles never meet), driven by {@link EngineBenchmark}
 * through standard input: one command per line, one answer line starting with
 * {@value #ANSWER} per command; everything else on standard output is the engine's log.
 *
 * <p>
 * Commands: {@code w1 <threads> <instances>}, {@code w2 <iterations>},
 * {@code w3 <instances>}, {@code count <w1|w2|w3> <instances>}, {@code quit}. A workload
 * answers {@code ok <elapsed ns> <instances> [<p50 us> <p99 us>]}; {@code count} answers
 * {@code ok <round trips> <commits> <instances> <shape>=<n>;...}.
 */
public final class EngineWorker {

	static final String ANSWER = "@@engine-worker ";

	private static final long STALL_TIMEOUT_NANOS = 120_000_000_000L;

	private final BenchEngine engine;

	private EngineWorker(BenchEngine engine) {
		this.engine = engine;
	}

	public static void main(String[] args) throws Exception {
		// The engines' own logs as the application logs them: warnings and errors.
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		String engineName = args[0];
		boolean count = Boolean.parseBoolean(args[2]);
		// the counting pass has databases of its own, so that it may run beside a timed
		// one
		BenchDatabase database = BenchDatabase.create(args[1], count ? engineName + "_count" : engineName);

		List<String> applicationArguments = Arrays.asList(args).subList(3, args.length);
		HikariDataSource pool = null;
		if (count && !"steadyflow".equals(engineName)) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(database.url());
			config.setUsername(database.user());
			config.setPassword(database.password());
			config.setAutoCommit(false);
			pool = new HikariDataSource(config);
			database = database.withDataSource(StatementCounter.wrap(pool));
		}
		long startedAt = System.nanoTime();
		BenchEngine engine = switch (engineName) {
			case "flowable" -> FlowableBench.plain(database);
			case "camunda" -> CamundaBench.create(database);
			case "steadyflow" -> SteadyflowBench.start(database, count, applicationArguments);
			default -> throw new IllegalArgumentException("Unknown engine " + engineName);
		};
		engine.jobExecutor(false);
		answers.println(ANSWER + "ready " + (System.nanoTime() - startedAt));
		EngineWorker worker = new EngineWorker(engine);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try {
			String line;
			while ((line = commands.readLine()) != null && !line.equals("quit")) {
				String[] command = line.strip().split(" ");
				String answer;
				try {
					answer = "ok " + worker.run(command);
				}
				catch (Exception | AssertionError ex) {
					ex.printStackTrace();
					answer = "error " + ex.toString().replace('\n', ' ');
				}
				answers.println(ANSWER + answer);
			}
		}
		finally {
			engine.close();
			if (pool != null) {
				pool.close();
			}
		}
		System.exit(0);
	}

	private String run(String[] command) throws Exception {
		return switch (command[0]) {
			case "w1" -> straightThrough(Integer.parseInt(command[1]), Integer.parseInt(command[2]));
			case "w2" -> userTaskCycle(Integer.parseInt(command[1]));
			case "w3" -> asyncDrain(Integer.parseInt(command[1]));
			case "count" -> count(command[1], Integer.parseInt(command[2]));
			default -> throw new IllegalArgumentException("Unknown command " + command[0]);
		};
	}

	/** W1: instances started and finished synchronously, by several threads. */
	private String straightThrough(int threads, int instances) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> running = new ArrayList<>();
			long begin = System.nanoTime();
			for (int thread = 0; thread < threads; thread++) {
				int share = instances / threads + ((thread < instances % threads) ? 1 : 0);
				running.add(pool.submit(() -> {
					for (int i = 0; i < share; i++) {
						this.engine.start(BenchDiagrams.STRAIGHT_THROUGH);
					}
				}));
			}
			for (Future<?> future : running) {
				future.get();
			}
			return (System.nanoTime() - begin) + " " + instances;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** W2: start, find the user task, complete it; the completion's latency recorded. */
	private String userTaskCycle(int iterations) {
		Histogram completions = new Histogram(3);
		long begin = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			String instance = this.engine.start(BenchDiagrams.USER_TASK);
			String task = this.engine.openTask(instance);
			long before = System.nanoTime();
			this.engine.complete(task);
			completions.recordValue(Math.max(1, (System.nanoTime() - before) / 1_000));
		}
		long elapsed = System.nanoTime() - begin;
		return elapsed + " " + iterations + " " + completions.getValueAtPercentile(50) + " "
				+ completions.getValueAtPercentile(99);
	}

	/**
	 * W3: instances that each wait in one asynchronous job are created with the job
	 * executor off; then it is started and the time until the last instance ended is
	 * measured.
	 */
	private String asyncDrain(int instances) throws InterruptedException {
		for (int i = 0; i < instances; i++) {
			this.engine.start(BenchDiagrams.ASYNC_TASK);
		}
		long begin = System.nanoTime();
		this.engine.jobExecutor(true);
		try {
			long running;
			long lastProgress = System.nanoTime();
			long lastRunning = instances;
			while ((running = this.engine.running(BenchDiagrams.ASYNC_TASK)) > 0) {
				if (running < lastRunning) {
					lastRunning = running;
					lastProgress = System.nanoTime();
				}
				if (System.nanoTime() - lastProgress > STALL_TIMEOUT_NANOS) {
					throw new IllegalStateException(running + " of " + instances + " jobs left and none ran for 2 min");
				}
				Thread.sleep(25);
			}
			return (System.nanoTime() - begin) + " " + instances;
		}
		finally {
			this.engine.jobExecutor(false);
		}
	}

	/** The statements one instance of a workload sends, averaged over some instances. */
	private String count(String workload, int instances) throws Exception {
		StatementCounter.snapshotAndReset();
		switch (workload) {
			case "w1" -> straightThrough(1, instances);
			case "w2" -> userTaskCycle(instances);
			case "w3" -> asyncDrain(instances);
			default -> throw new IllegalArgumentException("Unknown workload " + workload);
		}
		StatementCounter.Snapshot snapshot = StatementCounter.snapshotAndReset();
		StringBuilder shapes = new StringBuilder();
		for (Map.Entry<String, Long> shape : snapshot.statements().entrySet()) {
			shapes.append(shape.getKey().replace(' ', '_')).append('=').append(shape.getValue()).append(';');
		}
		return snapshot.roundTrips() + " " + snapshot.commits() + " " + instances + " " + shapes;
	}

}
