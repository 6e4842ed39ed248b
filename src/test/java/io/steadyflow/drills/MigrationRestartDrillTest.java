package io.steadyflow.drills;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.support.PostgresDatabase;
import io.steadyflow.versions.VersionFixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch migration interrupted by a crash loses nothing: the application runs as an
 * operating-system process on PostgreSQL, {@value #INSTANCES} instances of version 1 wait
 * in a user task, version 2 is deployed and the migration started; once some instances
 * have moved, the application is killed ({@code kill -9}) and started again on the same
 * database as the same node. Its job executor takes up the remaining batch parts; at the
 * end every instance is on version 2, still waiting in its task, none twice and none
 * lost, and the audit record has the final counts.
 */
@Tag("postgres")
class MigrationRestartDrillTest {

	static final int INSTANCES = 200;

	static final String KEY = "migration-restart";

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path directory;

	@Test
	void aBatchInterruptedByAKillGoesOnAfterTheRestartAndLosesNothing() throws Exception {
		String url = PostgresDatabase.fresh("migration_restart");
		List<String> arguments = new ArrayList<>(AppProcess.postgres(url, "node-a"));
		arguments.addAll(AppProcess.repository(Path.of("processes").toAbsolutePath()));
		String migration;
		long movedAtKill;
		try (AppProcess app = new AppProcess(this.directory, arguments).start(Duration.ofMinutes(3))) {
			assertThat(deploy(app, VersionFixtures.base(KEY)).statusCode()).isEqualTo(201);
			for (int i = 0; i < INSTANCES; i++) {
				HttpResponse<String> started = app.send("ada", "POST", "/api/process-definitions/" + KEY + "/instances",
						"{\"variables\":{\"path\":\"review\"}}");
				assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
			}
			assertThat(deploy(app, VersionFixtures.otherGroup(KEY)).statusCode()).isEqualTo(201);
			HttpResponse<String> request = app.send("ada", "POST", "/api/processes/" + KEY + "/migrations",
					"{\"from\":1,\"to\":2,\"dryRun\":false}");
			assertThat(request.statusCode()).as(request.body()).isEqualTo(202);
			migration = this.json.readTree(request.body()).path("id").asText();
			JsonNode progress = waitFor(app, migration, (report) -> report.path("canMove").asInt() > 0);
			app.kill();
			movedAtKill = progress.path("canMove").asLong();
		}
		assertThat(onVersion(url, 2)).as("moved when killed").isLessThan(INSTANCES).isGreaterThanOrEqualTo(movedAtKill);

		try (AppProcess again = new AppProcess(this.directory, arguments).start(Duration.ofMinutes(3))) {
			JsonNode done = waitFor(again, migration, (report) -> report.path("status").asText().equals("completed"));
			assertThat(done.path("canMove").asInt()).isEqualTo(INSTANCES);
			assertThat(done.path("cannotMove").asInt()).isZero();
		}
		assertThat(onVersion(url, 2)).isEqualTo(INSTANCES);
		assertThat(onVersion(url, 1)).isZero();
		assertThat(count(url,
				"SELECT count(*) FROM act_ru_task t JOIN act_re_procdef d ON d.id_ = t.proc_def_id_"
						+ " WHERE d.key_ = '" + KEY + "' AND d.version_ = 2 AND t.task_def_key_ = 'check'"))
			.isEqualTo(INSTANCES);
		assertThat(count(url, "SELECT count(*) FROM sf_process_migration WHERE id = '" + migration + "' AND migrated = "
				+ INSTANCES + " AND failed = 0 AND finished_at IS NOT NULL"))
			.isEqualTo(1);
	}

	private JsonNode waitFor(AppProcess app, String migration, java.util.function.Predicate<JsonNode> condition)
			throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> answer = app.send("ada", "GET", "/api/processes/" + KEY + "/migrations/" + migration,
					null);
			JsonNode report = this.json.readTree(answer.body());
			if (answer.statusCode() == 200 && condition.test(report)) {
				return report;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("migration " + migration + " did not get there within 3 minutes");
	}

	private static long onVersion(String url, int version) throws Exception {
		return count(url, "SELECT count(*) FROM act_ru_execution e JOIN act_re_procdef d ON d.id_ = e.proc_def_id_"
				+ " WHERE d.key_ = '" + KEY + "' AND d.version_ = " + version + " AND e.parent_id_ IS NULL");
	}

	private static long count(String url, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(url, PostgresDatabase.user(),
				PostgresDatabase.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** POST /api/deployments with one file, as ada (author). */
	private static HttpResponse<String> deploy(AppProcess app, String xml) throws Exception {
		String boundary = "----steadyflow-drill";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + KEY
				+ ".bpmn20.xml\"\r\nContent-Type: application/xml\r\n\r\n" + xml + "\r\n--" + boundary + "--\r\n";
		return app.sendRaw("ada", "POST", "/api/deployments", "multipart/form-data; boundary=" + boundary,
				body.getBytes(StandardCharsets.UTF_8));
	}

}
