package io.steadyflow.drills;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.support.PageSession;
import io.steadyflow.support.PostgresDatabase;

/**
 * Drill 5, load: clients do the clerk/approver cycle for a while, half through the REST
 * API and half through the web pages (signed in, form posts with the CSRF token), on
 * PostgreSQL. No 5xx, p95 under 300 ms, and the application's live heap after collections
 * shows no growth in the second half.
 */
final class LoadDrill {

	static final String NAME = "5. Load";

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	private final int clients;

	private final Duration duration;

	LoadDrill(int clients, Duration duration) {
		this.clients = clients;
		this.duration = duration;
	}

	/** One request: what, how long, its status. */
	record Sample(String operation, long millis, int status) {
	}

	DrillResult run(Path directory) {
		String done = this.clients + " clients for " + this.duration.toMinutes()
				+ " min, half REST (basic auth), half web pages (sign-in, form posts with CSRF): clerk starts an invoice, approver rejects it; 1 node on PostgreSQL, -Xmx512m";
		String expected = "0 x 5xx, p95 < 300 ms, no growth of the live heap in the second half";
		String url = PostgresDatabase.fresh("drill_load");
		List<String> arguments = new ArrayList<>(AppProcess.postgres(url, "node-load"));
		arguments.addAll(AppProcess.repository(Path.of("processes").toAbsolutePath()));
		try (AppProcess app = new AppProcess(directory, arguments).start(Duration.ofMinutes(4))) {
			List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
			Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
			List<long[]> heap = new CopyOnWriteArrayList<>();
			Instant start = Instant.now();
			Instant end = start.plus(this.duration);
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < this.clients; c++) {
				boolean web = c % 2 == 1;
				int client = c;
				Thread thread = new Thread(() -> {
					int n = 0;
					PageSession clerk = null;
					PageSession approver = null;
					while (Instant.now().isBefore(end)) {
						n++;
						String key = "L-" + client + "-" + n;
						try {
							if (web) {
								if (clerk == null) {
									clerk = PageSession.signIn(app.port(), "clara");
									approver = PageSession.signIn(app.port(), "alex");
								}
								webCycle(url, clerk, approver, key, samples);
							}
							else {
								restCycle(app, key, samples);
							}
						}
						catch (Exception | AssertionError ex) {
							failures
								.computeIfAbsent(ex.getClass().getSimpleName() + ": " + ex.getMessage(),
										(k) -> new AtomicInteger())
								.incrementAndGet();
							clerk = null;
						}
					}
				});
				thread.start();
				threads.add(thread);
			}
			while (Instant.now().isBefore(end)) {
				long used = heapUsed(app);
				if (used > 0) {
					heap.add(new long[] { Duration.between(start, Instant.now()).toSeconds(), used });
				}
				Thread.sleep(5_000);
			}
			for (Thread thread : threads) {
				thread.join(60_000);
			}
			return result(done, expected, samples, failures, heap);
		}
		catch (Exception ex) {
			return DrillResult.failed(NAME, done, expected, ex);
		}
	}

	private DrillResult result(String done, String expected, List<Sample> samples, Map<String, AtomicInteger> failures,
			List<long[]> heap) {
		List<Sample> all;
		synchronized (samples) {
			all = new ArrayList<>(samples);
		}
		long serverErrors = all.stream().filter((s) -> s.status() >= 500).count();
		Map<Integer, Long> statuses = new TreeMap<>();
		all.forEach((s) -> statuses.merge(s.status(), 1L, Long::sum));
		long p95 = percentile(all, 0.95);
		Map<String, String> perOperation = new TreeMap<>();
		for (String operation : all.stream().map(Sample::operation).distinct().toList()) {
			List<Sample> of = all.stream().filter((s) -> s.operation().equals(operation)).toList();
			perOperation.put(operation, percentile(of, 0.5) + "/" + percentile(of, 0.95));
		}
		long cycles = all.stream().filter((s) -> s.operation().endsWith("complete") && s.status() / 100 < 4).count();
		// The heap's lowest point in each 30 s window approximates what stays alive after
		// collections; a leak raises it steadily over the second half, a stable
		// application keeps it level.
		List<long[]> floors = new ArrayList<>();
		for (long[] sample : heap.subList(heap.size() / 2, heap.size())) {
			long window = sample[0] / 30;
			if (floors.isEmpty() || floors.get(floors.size() - 1)[0] != window * 30) {
				floors.add(new long[] { window * 30, sample[1] });
			}
			else {
				floors.get(floors.size() - 1)[1] = Math.min(floors.get(floors.size() - 1)[1], sample[1]);
			}
		}
		double slopeMbPerMinute = slope(floors) * 60 / (1024 * 1024);
		double growthMb = slopeMbPerMinute * this.duration.toSeconds() / 120.0;
		boolean memoryStable = floors.size() >= 2 && growthMb < 32;
		long failed = failures.values().stream().mapToLong(AtomicInteger::get).sum();
		String observed = String.format(
				"%d requests, %d cycles (%.1f/s); statuses %s; p95 %d ms (p50/p95 ms per operation: %s); heap floor per 30 s in the second half %s MB, trend %+.1f MB/min; client failures %d %s",
				all.size(), cycles, cycles / (double) this.duration.toSeconds(), statuses, p95, perOperation,
				floors.stream().map((h) -> Long.toString(h[1] / (1024 * 1024))).toList(), slopeMbPerMinute, failed,
				failures.isEmpty() ? "" : failures.keySet().stream().limit(3).toList());
		return new DrillResult(NAME, done, expected, observed, 0, 0, serverErrors,
				serverErrors == 0 && p95 < 300 && memoryStable && failed == 0);
	}

	private static void restCycle(AppProcess app, String key, List<Sample> samples) throws Exception {
		HttpResponse<String> started = timed(samples, "rest start",
				() -> app.send("clara", "POST", "/api/process-definitions/invoice-approval/instances",
						"{\"businessKey\":\"" + key + "\",\"variables\":{\"vendor\":\"ACME\",\"invoiceNumber\":\"" + key
								+ "\",\"amount\":2500.00,\"currency\":\"EUR\",\"dueDate\":\"2026-12-31\"}}"));
		String instance = id(started.body());
		HttpResponse<String> tasks = timed(samples, "rest tasks",
				() -> app.send("alex", "GET", "/api/tasks?processInstanceId=" + instance, null));
		String task = id(tasks.body());
		timed(samples, "rest complete", () -> app.send("alex", "POST", "/api/tasks/" + task + "/complete",
				"{\"variables\":{\"approval\":\"reject\",\"approvalReason\":\"load drill\"}}"));
	}

	private static void webCycle(String url, PageSession clerk, PageSession approver, String key, List<Sample> samples)
			throws Exception {
		timedPage(samples, "web start form", () -> clerk.get("/start/invoice-approval"));
		PageSession.Answer started = timedPage(samples, "web start",
				() -> clerk.send("POST", "/start/invoice-approval", "application/x-www-form-urlencoded",
						form(Map.of("businessKey", key, "vendor", "ACME", "invoiceNumber", key, "amount", "2500.00",
								"currency", "EUR", "dueDate", "2026-12-31"))));
		if (started.status() != 302) {
			throw new IllegalStateException("web start answered " + started.status());
		}
		timedPage(samples, "web inbox", () -> approver.get("/tasks"));
		// the approver opens the task of this invoice (read from the database,
		// unmeasured)
		String task = DrillProcesses.text(url,
				"select t.id_ from act_ru_task t join act_hi_procinst h on t.proc_inst_id_ = h.id_ where h.business_key_ = '"
						+ key + "'");
		timedPage(samples, "web task form", () -> approver.get("/tasks/" + task));
		PageSession.Answer completed = timedPage(samples, "web complete",
				() -> approver.send("POST", "/tasks/" + task + "/complete", "application/x-www-form-urlencoded",
						form(Map.of("approval", "reject", "approvalReason", "load drill"))));
		if (completed.status() != 302) {
			throw new IllegalStateException("web complete answered " + completed.status());
		}
	}

	interface Call<T> {

		T send() throws Exception;

	}

	private static HttpResponse<String> timed(List<Sample> samples, String operation, Call<HttpResponse<String>> call)
			throws Exception {
		long begin = System.nanoTime();
		HttpResponse<String> answer = call.send();
		samples.add(new Sample(operation, (System.nanoTime() - begin) / 1_000_000, answer.statusCode()));
		return answer;
	}

	private static PageSession.Answer timedPage(List<Sample> samples, String operation, Call<PageSession.Answer> call)
			throws Exception {
		long begin = System.nanoTime();
		PageSession.Answer answer = call.send();
		samples.add(new Sample(operation, (System.nanoTime() - begin) / 1_000_000, answer.status()));
		return answer;
	}

	private static String form(Map<String, String> fields) {
		List<String> pairs = new ArrayList<>();
		fields.forEach((name, value) -> pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return String.join("&", pairs);
	}

	/**
	 * The application's heap in use, from its metrics, read by an operator (the actuator
	 * takes HTTP Basic authentication, as a scraper would use it); -1 when unread.
	 */
	private static long heapUsed(AppProcess app) {
		try {
			HttpResponse<String> answer = app.send("otto", "GET", "/actuator/metrics/jvm.memory.used?tag=area:heap",
					null);
			Matcher value = Pattern.compile("\"value\":([0-9.E+]+)").matcher(answer.body());
			return (answer.statusCode() == 200 && value.find()) ? (long) Double.parseDouble(value.group(1)) : -1;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static long percentile(List<Sample> samples, double quantile) {
		if (samples.isEmpty()) {
			return 0;
		}
		long[] sorted = samples.stream().mapToLong(Sample::millis).sorted().toArray();
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
	}

	/** Least-squares slope of y over x, in y units per x unit. */
	private static double slope(List<long[]> points) {
		if (points.size() < 2) {
			return 0;
		}
		double meanX = points.stream().mapToLong((p) -> p[0]).average().orElse(0);
		double meanY = points.stream().mapToLong((p) -> p[1]).average().orElse(0);
		double numerator = 0;
		double denominator = 0;
		for (long[] p : points) {
			numerator += (p[0] - meanX) * (p[1] - meanY);
			denominator += (p[0] - meanX) * (p[0] - meanX);
		}
		return (denominator == 0) ? 0 : numerator / denominator;
	}

	private static String id(String json) {
		Matcher matcher = ID.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no id in " + json);
		}
		return matcher.group(1);
	}

}
