package io.steadyflow.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.support.PostgresDatabase;

/**
 * Drill 2, database outage: the application reaches PostgreSQL through a proxy in the
 * drill's JVM, which drops every connection and refuses new ones for a while, without
 * stopping the server. Clients keep starting and completing invoices (repeating a 503
 * after its Retry-After, with the same business key) and starting asynchronous instances.
 * During the outage every answer is a clean 503 and health is DOWN; after it, health is
 * UP without a restart, every acknowledged start and completion is there, no instance is
 * half-written, and the job executor finishes the asynchronous instances.
 */
final class DatabaseOutageDrill {

	static final String NAME = "2. Database outage";

	private static final String UNDECIDED = " (503, outcome unknown)";

	private static final String DONE_THOUGH_REFUSED = " (done though answered 503)";

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Duration outage;

	DatabaseOutageDrill(Duration outage) {
		this.outage = outage;
	}

	/** One answer the clients or the health probe got. */
	record Answer(String what, boolean duringOutage, int status, boolean clean) {
	}

	DrillResult run(Path directory) {
		String done = "1 node on PostgreSQL through a proxy; all connections cut and refused for "
				+ this.outage.toSeconds()
				+ " s while 4 clients start and complete invoices and start async instances, repeating a 503 after Retry-After";
		String expected = "during: clean 503 + Retry-After, health DOWN; after: health UP without restart, acknowledged work there, none half-written, executor resumes";
		try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", 5432);
				EffectSystem system = new EffectSystem(5, 20)) {
			String direct = PostgresDatabase.fresh("drill_outage");
			String proxied = direct.replaceFirst(":\\d+/", ":" + proxy.port() + "/");
			List<String> arguments = new ArrayList<>(AppProcess.postgres(proxied, "node-outage"));
			arguments.addAll(AppProcess.repository(DrillProcesses.folder(directory)));
			arguments.add("--steadyflow.tools.http.systems." + DrillProcesses.SYSTEM + "=" + system.baseUrl());
			try (AppProcess app = new AppProcess(directory, arguments).start(Duration.ofMinutes(4))) {
				return drill(app, proxy, direct, system, done, expected);
			}
		}
		catch (Exception ex) {
			return DrillResult.failed(NAME, done, expected, ex);
		}
	}

	private DrillResult drill(AppProcess app, CuttableProxy proxy, String url, EffectSystem system, String done,
			String expected) throws Exception {
		AtomicBoolean outageNow = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Answer> answers = new CopyOnWriteArrayList<>();
		Map<String, String> startedInvoices = new ConcurrentHashMap<>();
		List<String> completedTasks = new CopyOnWriteArrayList<>();
		List<String> startedEffects = new CopyOnWriteArrayList<>();
		AtomicInteger unanswered = new AtomicInteger();
		AtomicInteger numbers = new AtomicInteger();
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			Thread client = new Thread(() -> {
				while (running.get()) {
					int n = numbers.incrementAndGet();
					String key = "O-" + n;
					Optional<String> instance = repeatUntilAnswered(running, outageNow, answers, unanswered,
							"start invoice",
							() -> app.send("clara", "POST", "/api/process-definitions/invoice-approval/instances",
									"{\"businessKey\":\"" + key
											+ "\",\"variables\":{\"vendor\":\"ACME\",\"invoiceNumber\":\"" + key
											+ "\",\"amount\":2500.00,\"currency\":\"EUR\",\"dueDate\":\"2026-12-31\"}}"));
					if (instance.isEmpty()) {
						continue;
					}
					startedInvoices.put(key, instance.get());
					Optional<String> task = repeatUntilAnswered(running, outageNow, answers, unanswered, "list tasks",
							() -> app.send("alex", "GET", "/api/tasks?processInstanceId=" + instance.get(), null));
					if (task.isPresent() && !task.get().isEmpty()) {
						Optional<String> completed = repeatUntilAnswered(running, outageNow, answers, unanswered,
								"complete task",
								() -> app.send("alex", "POST", "/api/tasks/" + task.get() + "/complete",
										"{\"variables\":{\"approval\":\"reject\",\"approvalReason\":\"drill\"}}"));
						completed.ifPresent((ok) -> completedTasks.add(task.get()));
					}
					if (n % 3 == 0) {
						repeatUntilAnswered(running, outageNow, answers, unanswered, "start async",
								() -> app.send("clara", "POST",
										"/api/process-definitions/" + DrillProcesses.KEY + "/instances",
										"{\"businessKey\":\"OE-" + n + "\"}"))
							.ifPresent((id) -> startedEffects.add("OE-" + n));
					}
				}
			});
			client.start();
			clients.add(client);
		}
		List<Answer> health = new CopyOnWriteArrayList<>();
		Thread prober = new Thread(() -> {
			while (running.get()) {
				try {
					HttpResponse<String> answer = http
						.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/health"))
							.timeout(Duration.ofSeconds(10))
							.build(), HttpResponse.BodyHandlers.ofString());
					health.add(new Answer(answer.body().contains("\"status\":\"UP\"") ? "UP" : "DOWN", outageNow.get(),
							answer.statusCode(), true));
					Thread.sleep(1000);
				}
				catch (IOException ex) {
					health.add(new Answer("no answer", outageNow.get(), 0, false));
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		prober.start();

		Thread.sleep(10_000);
		proxy.cut();
		outageNow.set(true);
		Thread.sleep(this.outage.toMillis());
		proxy.restore();
		Instant restored = Instant.now();
		outageNow.set(false);
		Duration healthBack = null;
		while (healthBack == null && Duration.between(restored, Instant.now()).toSeconds() < 60) {
			HttpResponse<String> answer = app.send(null, "GET", "/actuator/health", null);
			if (answer.statusCode() == 200) {
				healthBack = Duration.between(restored, Instant.now());
			}
			else {
				Thread.sleep(250);
			}
		}
		// work on after the outage, so that the executor and the clients show they
		// resumed
		Thread.sleep(15_000);
		running.set(false);
		for (Thread client : clients) {
			client.join(30_000);
		}
		prober.interrupt();
		prober.join(5_000);

		Instant executorDeadline = Instant.now().plusSeconds(60);
		long effectsEnded = 0;
		while (Instant.now().isBefore(executorDeadline)) {
			effectsEnded = DrillProcesses.count(url, DrillProcesses.endedInstancesOf(DrillProcesses.KEY));
			if (effectsEnded >= startedEffects.size()) {
				break;
			}
			Thread.sleep(500);
		}
		long invoicesThere = startedInvoices.isEmpty() ? 0
				: DrillProcesses.count(url,
						"select count(distinct business_key_) from act_hi_procinst where business_key_ in ('"
								+ String.join("','", startedInvoices.keySet()) + "')");
		long completionsThere = completedTasks.isEmpty() ? 0
				: DrillProcesses.count(url,
						"select count(*) from act_hi_taskinst where end_time_ is not null and id_ in ('"
								+ String.join("','", completedTasks) + "')");
		long doubledKeys = DrillProcesses.count(url,
				"select count(*) from (select business_key_ from act_hi_procinst where business_key_ is not null group by business_key_ having count(*) > 1) d");
		long halfWritten = DrillProcesses.count(url, """
				select count(*) from act_ru_execution e where e.parent_id_ is null
				and not exists (select 1 from act_ru_task t where t.proc_inst_id_ = e.id_)
				and not exists (select 1 from act_ru_job j where j.process_instance_id_ = e.id_)
				and not exists (select 1 from act_ru_timer_job j where j.process_instance_id_ = e.id_)
				and not exists (select 1 from act_ru_deadletter_job j where j.process_instance_id_ = e.id_)
				""");
		long deadLetters = DrillProcesses.count(url, "select count(*) from act_ru_deadletter_job");

		List<Answer> during = answers.stream().filter(Answer::duringOutage).toList();
		long clean503 = during.stream().filter((a) -> a.status() == 503 && a.clean()).count();
		long unclean = answers.stream().filter((a) -> a.status() >= 500 && !a.clean()).count();
		long undecided = answers.stream().filter((a) -> a.what().endsWith(UNDECIDED)).count();
		long doneThoughRefused = answers.stream().filter((a) -> a.what().endsWith(DONE_THOUGH_REFUSED)).count();
		long healthDownDuring = health.stream().filter((a) -> a.duringOutage() && a.status() == 503).count();
		long healthDuring = health.stream().filter(Answer::duringOutage).count();
		long lost = (startedInvoices.size() - invoicesThere) + (completedTasks.size() - completionsThere)
				+ (startedEffects.size() - effectsEnded);
		boolean held = lost == 0 && doubledKeys == 0 && unclean == 0 && halfWritten == 0 && healthBack != null
				&& healthDuring > 0 && healthDownDuring == healthDuring && clean503 > 0 && deadLetters == 0
				&& doneThoughRefused == 0;
		String observed = String.format(
				"%d answers in all; during the outage %d answers, %d of them clean 503 (others: %s); %d of them for a commit cut mid-way (outcome unknown), %d requests answered 503 (not carried out) were done after all; health DOWN %d of %d probes; "
						+ "UP %s after the restore, no restart; %d client calls unanswered (repeated); "
						+ "%d invoices started, %d completed, all there: %s; half-written: %d; async instances %d started, %d ended; dead letters %d",
				answers.size(), during.size(), clean503, statuses(during), undecided, doneThoughRefused,
				healthDownDuring, healthDuring,
				(healthBack != null) ? (healthBack.toMillis() / 1000.0) + " s" : "NOT within 60 s", unanswered.get(),
				startedInvoices.size(), completedTasks.size(),
				invoicesThere == startedInvoices.size() && completionsThere == completedTasks.size(), halfWritten,
				startedEffects.size(), effectsEnded, deadLetters);
		return new DrillResult(NAME, done, expected, observed, lost, doubledKeys, unclean, held);
	}

	private static String statuses(List<Answer> answers) {
		Map<Integer, Integer> counts = new java.util.TreeMap<>();
		for (Answer answer : answers) {
			if (!(answer.status() == 503 && answer.clean())) {
				counts.merge(answer.status(), 1, Integer::sum);
			}
		}
		return counts.isEmpty() ? "none" : counts.toString();
	}

	interface Call {

		HttpResponse<String> send() throws IOException, InterruptedException;

	}

	/**
	 * Sends until the answer is final: 2xx gives the id it names; 409 (done by an earlier
	 * attempt whose answer was lost) and other 4xx give none; a 503 or no answer is
	 * repeated after the Retry-After, as a well-behaved client does.
	 */
	private static Optional<String> repeatUntilAnswered(AtomicBoolean running, AtomicBoolean outageNow,
			List<Answer> answers, AtomicInteger unanswered, String what, Call call) {
		boolean refused = false;
		for (int attempt = 0; attempt < 30; attempt++) {
			boolean during = outageNow.get();
			try {
				HttpResponse<String> answer = call.send();
				int status = answer.statusCode();
				boolean clean = status < 500 || (status == 503 && answer.headers().firstValue("Retry-After").isPresent()
						&& answer.body().contains("\"title\"") && !answer.body().contains("Exception"));
				// a 409 for a repeated request means an earlier attempt was done after
				// all: if
				// that attempt was answered 503, the 503 was not the truth
				boolean undecided = status == 503 && answer.body().contains("\"outcome\":\"unknown\"");
				answers.add(new Answer(
						(refused && status == 409) ? what + DONE_THOUGH_REFUSED : undecided ? what + UNDECIDED : what,
						during || outageNow.get(), status, clean));
				// only a 503 that says the request was not carried out promises it
				refused = refused || (status == 503 && !undecided);
				if (status / 100 == 2) {
					Matcher id = ID.matcher(answer.body());
					return id.find() ? Optional.of(id.group(1)) : Optional.of("");
				}
				if (status < 500) {
					return Optional.empty();
				}
				if (!running.get() && !outageNow.get() && attempt > 3) {
					return Optional.empty();
				}
				Thread.sleep(1000L * answer.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L));
			}
			catch (IOException ex) {
				unanswered.incrementAndGet();
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return Optional.empty();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

}
