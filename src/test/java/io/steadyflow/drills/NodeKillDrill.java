package io.steadyflow.drills;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.steadyflow.support.PostgresDatabase;

/**
 * Drill 1, a node killed holding work: two nodes on one PostgreSQL database run N
 * instances whose asynchronous httpTool step calls a slow, idempotent local system; node
 * A is killed with SIGKILL once a third are done. Node B finishes every instance; the
 * jobs A held wait for their lock to expire (async-job-lock-time plus up to one
 * reset-expired-jobs-interval), and a call A had made runs again on B with the same
 * Idempotency-Key, which the system absorbs.
 */
final class NodeKillDrill {

	static final String NAME = "1. Node killed holding work";

	private final int instances;

	private final Duration timeout;

	NodeKillDrill(int instances, Duration timeout) {
		this.instances = instances;
		this.timeout = timeout;
	}

	DrillResult run(Path directory) throws Exception {
		String done = "2 nodes on PostgreSQL, " + this.instances
				+ " instances with an async httpTool call (200-500 ms) to an idempotent local system; kill -9 node A at 1/3 done";
		String expected = "node B ends all; each effect applied once; stranded instances recover <= 60 s";
		String url = PostgresDatabase.fresh("drill_nodes");
		Path processes = DrillProcesses.folder(directory);
		try (EffectSystem system = new EffectSystem(200, 500)) {
			List<String> common = new ArrayList<>(AppProcess.repository(processes));
			common.add("--steadyflow.tools.http.systems." + DrillProcesses.SYSTEM + "=" + system.baseUrl());
			try (AppProcess nodeA = new AppProcess(directory, with(AppProcess.postgres(url, "node-a"), common));
					AppProcess nodeB = new AppProcess(directory, with(AppProcess.postgres(url, "node-b"), common))) {
				// one after the other: two cold starts at once on two cores take longer
				// than both in turn
				nodeA.start(Duration.ofMinutes(4));
				nodeB.start(Duration.ofMinutes(4));
				ExecutorService clients = Executors.newFixedThreadPool(8);
				List<Future<String>> starts = new ArrayList<>();
				for (int n = 0; n < this.instances; n++) {
					int number = n;
					starts.add(clients.submit(() -> start(number, nodeA, nodeB)));
				}
				long target = this.instances / 3;
				Instant killDeadline = Instant.now().plus(Duration.ofMinutes(3));
				while (DrillProcesses.count(url, DrillProcesses.endedInstancesOf(DrillProcesses.KEY)) < target
						&& Instant.now().isBefore(killDeadline)) {
					Thread.sleep(100);
				}
				nodeA.kill();
				Instant killed = Instant.now();
				long endedAtKill = DrillProcesses.count(url, DrillProcesses.endedInstancesOf(DrillProcesses.KEY));
				Set<String> stranded = strandedBy(url, "node-a");
				int acknowledged = 0;
				int refused = 0;
				for (Future<String> start : starts) {
					if (start.get() != null) {
						acknowledged++;
					}
					else {
						refused++;
					}
				}
				clients.shutdown();
				Instant deadline = killed.plus(this.timeout);
				Duration recovery = null;
				long ended = 0;
				while (Instant.now().isBefore(deadline)) {
					if (recovery == null && stillRunning(url, stranded) == 0) {
						recovery = Duration.between(killed, Instant.now());
					}
					ended = DrillProcesses.count(url, DrillProcesses.endedInstancesOf(DrillProcesses.KEY));
					if (ended >= this.instances && recovery != null) {
						break;
					}
					Thread.sleep(500);
				}
				long deadLetters = DrillProcesses.count(url, "select count(*) from act_ru_deadletter_job");
				long lost = this.instances - ended;
				long doubled = system.doubled();
				boolean recoveredInTime = recovery != null && recovery.getSeconds() <= 60;
				String observed = String.format(
						"%d started (%d after a retry elsewhere), %d ended at the kill, %d ended in all; stranded %d instances, recovered in %s; "
								+ "system: %d calls, %d effects, %d repeated calls absorbed; %d dead-letter jobs",
						acknowledged, refused, endedAtKill, ended, stranded.size(),
						(recovery != null) ? recovery.toSeconds() + " s"
								: "not within " + this.timeout.toSeconds() + " s",
						system.calls(), system.instancesApplied(), system.repeatsAbsorbed(), deadLetters);
				return new DrillResult(NAME, done, expected, observed, lost, doubled, 0,
						lost == 0 && doubled == 0 && recoveredInTime);
			}
		}
		catch (Exception ex) {
			return DrillResult.failed(NAME, done, expected, ex);
		}
	}

	/**
	 * Starts instance {@code number} through node A or B in turn; a start that fails
	 * (node A is gone) is repeated on B with the same business key, which starts it at
	 * most once (409 when it exists). Returns the instance's business key once
	 * acknowledged.
	 */
	private static String start(int number, AppProcess nodeA, AppProcess nodeB)
			throws IOException, InterruptedException {
		String body = "{\"businessKey\":\"E-" + number + "\"}";
		String path = "/api/process-definitions/" + DrillProcesses.KEY + "/instances";
		try {
			HttpResponse<String> started = ((number % 2 == 0) ? nodeA : nodeB).send("clara", "POST", path, body);
			if (started.statusCode() == 201) {
				return "E-" + number;
			}
		}
		catch (IOException ex) {
			// node A was killed while answering: try the other node
		}
		HttpResponse<String> again = nodeB.send("clara", "POST", path, body);
		if (again.statusCode() == 201 || again.statusCode() == 409) {
			return "E-" + number;
		}
		throw new IllegalStateException("start E-" + number + " answered " + again.statusCode() + ": " + again.body());
	}

	/** Instances whose job the dead node had locked, running or waiting in its queue. */
	private static Set<String> strandedBy(String url, String node) throws SQLException {
		Set<String> instances = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("select process_instance_id_ from act_ru_job where lock_owner_ = '" + node + "'")) {
			while (rows.next()) {
				instances.add(rows.getString(1));
			}
		}
		return instances;
	}

	private static long stillRunning(String url, Set<String> instances) throws SQLException {
		if (instances.isEmpty()) {
			return 0;
		}
		return DrillProcesses.count(url, "select count(*) from act_ru_execution where proc_inst_id_ in ('"
				+ String.join("','", instances) + "')");
	}

	private static List<String> with(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
