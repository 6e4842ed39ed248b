package io.steadyflow.drills;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.support.PostgresDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch migration interrupted by a crash loses nothing. The application runs as an
 * operating-system process on a PostgreSQL database of its own; {@value #INSTANCES}
 * instances of version 1 wait in a user task; version 2 (another end) is deployed and the
 * migration executed through the API. Once a tenth of the instances have moved, the node
 * is killed ({@code kill -9}) and started again on the same database under the same node
 * name. Its job executor takes up the rest of the batch: every instance is on version 2
 * once, in one task, none lost, every batch part done once, the audit record has the
 * final counts, and the instances then finish in version 2.
 */
@Tag("postgres")
class MigrationRestartDrillPostgresTest {

	static final String KEY = "drill-migration";

	static final int INSTANCES = 300;

	static final String NODE = "migration-node";

	/** A request handled by a clerk; versions differ in the end event's id only. */
	static final String PROCESS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
			             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
			             targetNamespace="urn:steadyflow:drills">
			  <process id="drill-migration" name="Drill migration" isExecutable="true" sf:owner="integration-team"
			           sf:doneWhen="The request is handled" sf:sla="P5D">
			    <startEvent id="asked" name="Request asked"/>
			    <sequenceFlow id="toHandle" sourceRef="asked" targetRef="handle"/>
			    <userTask id="handle" name="Handle request" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
			    <sequenceFlow id="toHandled" sourceRef="handle" targetRef="%END%"/>
			    <endEvent id="%END%" name="Request handled" sf:outcome="done"/>
			  </process>
			</definitions>
			""";

	private final ObjectMapper json = new ObjectMapper();

	/** The nodes' logs (app-PORT.log) stay when the drill fails. */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void aBatchKilledHalfWayFinishesAfterTheRestartWithEveryInstanceMovedOnce() throws Exception {
		String url = PostgresDatabase.fresh("drill_migration");
		// nothing deployed at start-up and no examples: the node starts in the time a
		// test may take on a small machine
		List<String> arguments = new ArrayList<>(AppProcess.postgres(url, NODE));
		arguments.addAll(AppProcess.repository(Files.createDirectories(this.directory.resolve("processes"))));
		arguments.add("--steadyflow.examples.enabled=false");
		String migration;
		try (AppProcess app = new AppProcess(this.directory, arguments).start(Duration.ofMinutes(2))) {
			deploy(app, "handled");
			List<Callable<Integer>> starts = new ArrayList<>();
			for (int i = 0; i < INSTANCES; i++) {
				String body = "{\"businessKey\":\"M-" + i + "\"}";
				starts.add(() -> app.send("clara", "POST", "/api/process-definitions/" + KEY + "/instances", body)
					.statusCode());
			}
			assertThat(runAll(starts)).containsOnly(201);
			deploy(app, "handledInVersion2");
			assertThat(running(url, 1)).isEqualTo(INSTANCES);

			HttpResponse<String> started = app.send("ada", "POST", "/api/processes/" + KEY + "/migrations",
					"{\"from\":1,\"to\":2,\"dryRun\":false}");
			assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
			migration = this.json.readTree(started.body()).path("id").asText();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> running(url, 2) >= INSTANCES / 10);
			app.kill();
		}

		// one statement, one snapshot: a commit the dead node sent last may still land
		List<String> atKill = row(url, "SELECT (" + runningSql(1) + "), (" + runningSql(2) + "), ("
				+ partsSql(migration, "success") + "), (" + partsSql(migration, "waiting") + ")");
		long movedAtKill = Long.parseLong(atKill.get(1));
		assertThat(movedAtKill).as("instances on version 2 when the node was killed")
			.isGreaterThan(0)
			.isLessThan(INSTANCES);
		assertThat(Long.parseLong(atKill.get(0))).isEqualTo(INSTANCES - movedAtKill);
		// a part is marked done in the transaction that moves its instance
		assertThat(Long.parseLong(atKill.get(2))).isEqualTo(movedAtKill);
		assertThat(Long.parseLong(atKill.get(3))).isEqualTo(INSTANCES - movedAtKill);

		try (AppProcess again = new AppProcess(this.directory, arguments).start(Duration.ofMinutes(2))) {
			AtomicReference<JsonNode> report = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				HttpResponse<String> answer = again.send("ada", "GET",
						"/api/processes/" + KEY + "/migrations/" + migration, null);
				report.set(this.json.readTree(answer.body()));
				return answer.statusCode() == 200 && report.get().path("status").asText().equals("completed");
			});
			assertThat(report.get().path("instances").asInt()).isEqualTo(INSTANCES);
			assertThat(report.get().path("canMove").asInt()).as(() -> unsuccessful(url, migration))
				.isEqualTo(INSTANCES);
			assertThat(report.get().path("cannotMove").asInt()).isZero();
			assertThat(report.get().path("waiting").asInt()).isZero();

			// every instance on version 2, once, in one task; every part done once
			assertThat(running(url, 2)).isEqualTo(INSTANCES);
			assertThat(running(url, 1)).isZero();
			assertThat(count(url, "SELECT count(*) FROM act_ru_task WHERE proc_def_id_ = '" + definition(url, 2) + "'"))
				.isEqualTo(INSTANCES);
			assertThat(count(url, "SELECT count(DISTINCT proc_inst_id_) FROM act_ru_task WHERE proc_def_id_ = '"
					+ definition(url, 2) + "'"))
				.isEqualTo(INSTANCES);
			assertThat(parts(url, migration, "success")).isEqualTo(INSTANCES);
			assertThat(count(url, "SELECT count(*) FROM flw_ru_batch_part WHERE batch_id_ = '" + migration + "'"))
				.isEqualTo(INSTANCES);
			assertThat(count(url, "SELECT count(*) FROM act_ru_job WHERE handler_type_ = 'process-migration'"))
				.isZero();
			assertThat(count(url, "SELECT count(*) FROM act_ru_deadletter_job")).isZero();
			assertThat(count(url,
					"SELECT count(*) FROM sf_process_migration WHERE id = '" + migration + "' AND instances = "
							+ INSTANCES + " AND migrated = " + INSTANCES
							+ " AND failed = 0 AND finished_at IS NOT NULL"))
				.as("the audit record with the final counts")
				.isEqualTo(1);

			// and they finish in version 2
			List<Callable<Integer>> completions = new ArrayList<>();
			for (String task : texts(url,
					"SELECT id_ FROM act_ru_task WHERE proc_def_id_ = '" + definition(url, 2) + "'")) {
				completions
					.add(() -> again.send("clara", "POST", "/api/tasks/" + task + "/complete", "{}").statusCode());
			}
			assertThat(runAll(completions)).containsOnly(204);
		}
		assertThat(
				count(url,
						"SELECT count(*) FROM act_hi_procinst WHERE proc_def_id_ = '" + definition(url, 2)
								+ "' AND end_act_id_ = 'handledInVersion2' AND end_time_ IS NOT NULL"))
			.isEqualTo(INSTANCES);
		assertThat(count(url, "SELECT count(*) FROM act_ru_execution")).isZero();
	}

	private static void deploy(AppProcess app, String end) throws Exception {
		HttpResponse<String> deployed = app.deploy("ada", KEY + ".bpmn20.xml", PROCESS.replace("%END%", end));
		assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
	}

	private static List<Integer> runAll(List<Callable<Integer>> calls) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> call : clients.invokeAll(calls)) {
				statuses.add(call.get());
			}
			return statuses;
		}
		finally {
			clients.shutdown();
		}
	}

	/** Running instances of a version, read from the database (the node may be down). */
	private static long running(String url, int version) throws Exception {
		return count(url, runningSql(version));
	}

	private static String runningSql(int version) {
		return "SELECT count(*) FROM act_ru_execution e JOIN act_re_procdef d ON d.id_ = e.proc_def_id_"
				+ " WHERE d.key_ = '" + KEY + "' AND d.version_ = " + version + " AND e.parent_id_ IS NULL";
	}

	private static long parts(String url, String batch, String status) throws Exception {
		return count(url, partsSql(batch, status));
	}

	private static String partsSql(String batch, String status) {
		return "SELECT count(*) FROM flw_ru_batch_part WHERE batch_id_ = '" + batch + "' AND status_ = '" + status
				+ "'";
	}

	/** The parts that did not succeed, each with its status and Flowable's result. */
	private static String unsuccessful(String url, String batch) {
		try {
			return String.join("\n",
					texts(url, "SELECT p.status_ || ' ' || p.scope_id_ || ' '"
							+ " || coalesce(convert_from(b.bytes_, 'UTF8'), 'no result') FROM flw_ru_batch_part p"
							+ " LEFT JOIN act_ge_bytearray b ON b.id_ = p.result_doc_id_ WHERE p.batch_id_ = '" + batch
							+ "' AND p.status_ <> 'success'"));
		}
		catch (Exception ex) {
			return "parts not read: " + ex;
		}
	}

	private static String definition(String url, int version) throws Exception {
		return texts(url, "SELECT id_ FROM act_re_procdef WHERE key_ = '" + KEY + "' AND version_ = " + version).get(0);
	}

	private static long count(String url, String sql) throws Exception {
		return Long.parseLong(texts(url, sql).get(0));
	}

	/** The first row's columns. */
	private static List<String> row(String url, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(url, PostgresDatabase.user(),
				PostgresDatabase.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			List<String> values = new ArrayList<>();
			for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
				values.add(rows.getString(column));
			}
			return values;
		}
	}

	/** The first column of every row. */
	private static List<String> texts(String url, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(url, PostgresDatabase.user(),
				PostgresDatabase.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (rows.next()) {
				values.add(rows.getString(1));
			}
			return values;
		}
	}

}
