package io.steadyflow.drills;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.support.PostgresDatabase;

/**
 * Drill 4: the races of {@link RaceDrillScenarios} against the packaged application on
 * PostgreSQL, over real HTTP from 50 client threads: 200 concurrent completions of one
 * task have one winner and one history entry, 50 concurrent starts with one business key
 * make one instance, 50 concurrent claims make one owner.
 */
final class RaceDrill {

	static final String NAME = "4. Races";

	private static final List<String> APPROVERS = List.of("alex", "amir", "fiona");

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	DrillResult run(Path directory) {
		String done = "1 node on PostgreSQL, 50 client threads: 200 concurrent completions of one task, 50 concurrent starts with one business key, 50 concurrent claims of one task";
		String expected = "one winner (others 409), one history entry; one instance; one owner, changed hands once; no 5xx";
		ExecutorService clients = Executors.newFixedThreadPool(50);
		String url = PostgresDatabase.fresh("drill_races");
		try (AppProcess app = new AppProcess(directory, with(AppProcess.postgres(url, "node-races"),
				AppProcess.repository(Path.of("processes").toAbsolutePath())))
			.start(Duration.ofMinutes(4))) {
			String instance = startInvoice(app, "RACE-" + UUID.randomUUID());
			String task = task(app, instance);
			Map<Integer, Integer> completions = all(clients, 200,
					(n) -> () -> app.send(APPROVERS.get(n % APPROVERS.size()), "POST",
							"/api/tasks/" + task + "/complete", "{\"variables\":{\"approval\":\"approve\"}}"));
			long historyEntries = DrillProcesses.count(url,
					"select count(*) from act_hi_taskinst where task_def_key_ = 'approveInvoice' and proc_inst_id_ = '"
							+ instance + "'");

			String businessKey = "RACE-" + UUID.randomUUID();
			Map<Integer, Integer> starts = all(clients, 50, (n) -> () -> app.send("clara", "POST",
					"/api/process-definitions/invoice-approval/instances", invoice(businessKey)));
			long instances = DrillProcesses.count(url,
					"select count(*) from act_hi_procinst where business_key_ = '" + businessKey + "'");

			String claimed = task(app, startInvoice(app, "RACE-" + UUID.randomUUID()));
			Map<Integer, Integer> claims = all(clients, 50, (n) -> () -> app.send(APPROVERS.get(n % APPROVERS.size()),
					"POST", "/api/tasks/" + claimed + "/claim", null));
			long handChanges = DrillProcesses.count(url,
					"select count(*) from act_hi_tsk_log where type_ = 'USER_TASK_ASSIGNEE_CHANGED' and task_id_ = '"
							+ claimed + "'");

			long serverErrors = fiveHundreds(completions) + fiveHundreds(starts) + fiveHundreds(claims);
			long doubled = Math.max(0, historyEntries - 1) + Math.max(0, instances - 1) + Math.max(0, handChanges - 1);
			boolean held = wins(completions) == 1 && only2xxOr409(completions) && historyEntries == 1
					&& wins(starts) == 1 && only2xxOr409(starts) && instances == 1 && wins(claims) >= 1
					&& only2xxOr409(claims) && handChanges == 1 && serverErrors == 0;
			String observed = String.format(
					"completions %s, history entries %d; starts %s, instances %d; claims %s (the owner's own repeats succeed), hand changes %d",
					completions, historyEntries, starts, instances, claims, handChanges);
			return new DrillResult(NAME, done, expected, observed, (historyEntries == 0) ? 1 : 0, doubled, serverErrors,
					held);
		}
		catch (Exception ex) {
			return DrillResult.failed(NAME, done, expected, ex);
		}
		finally {
			clients.shutdownNow();
		}
	}

	interface Call {

		HttpResponse<String> send() throws Exception;

	}

	/**
	 * Sends {@code count} requests at once; statuses with how often each was answered.
	 */
	private static Map<Integer, Integer> all(ExecutorService clients, int count, IntFunction<Call> request)
			throws Exception {
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Call call = request.apply(i);
			calls.add(() -> call.send().statusCode());
		}
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (Future<Integer> status : clients.invokeAll(calls)) {
			statuses.merge(status.get(), 1, Integer::sum);
		}
		return statuses;
	}

	private static long wins(Map<Integer, Integer> statuses) {
		return statuses.entrySet().stream().filter((e) -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
	}

	private static boolean only2xxOr409(Map<Integer, Integer> statuses) {
		return statuses.keySet().stream().allMatch((status) -> status / 100 == 2 || status == 409);
	}

	private static long fiveHundreds(Map<Integer, Integer> statuses) {
		return statuses.entrySet().stream().filter((e) -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
	}

	private static String invoice(String businessKey) {
		return "{\"businessKey\":\"" + businessKey + "\",\"variables\":{\"vendor\":\"ACME\",\"invoiceNumber\":\""
				+ businessKey + "\",\"amount\":2500.00,\"currency\":\"EUR\",\"dueDate\":\"2026-12-31\"}}";
	}

	private static String startInvoice(AppProcess app, String businessKey) throws Exception {
		HttpResponse<String> started = app.send("clara", "POST", "/api/process-definitions/invoice-approval/instances",
				invoice(businessKey));
		if (started.statusCode() != 201) {
			throw new IllegalStateException("start answered " + started.statusCode() + ": " + started.body());
		}
		return id(started.body());
	}

	private static String task(AppProcess app, String instance) throws Exception {
		return id(app.send("alex", "GET", "/api/tasks?processInstanceId=" + instance, null).body());
	}

	private static String id(String json) {
		Matcher matcher = ID.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no id in " + json);
		}
		return matcher.group(1);
	}

	private static List<String> with(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
