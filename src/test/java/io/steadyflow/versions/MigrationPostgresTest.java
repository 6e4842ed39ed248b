package io.steadyflow.versions;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.PostgresTest;
import io.steadyflow.support.TestBpmn;
import org.flowable.common.engine.api.FlowableBatchPartMigrationException;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration on the real PostgreSQL: instances waiting in a user task, a timer and an
 * async job move from version 1 to version 2 (which dropped the check step) through
 * Flowable's batch migration and finish there; an instance still in the removed step is
 * reported by the dry run and left untouched by the execution; bad requests change
 * nothing. Also the diff API's answers.
 */
@PostgresTest
class MigrationPostgresTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	ManagementService managementService;

	@Autowired
	HistoryService historyService;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	String key;

	@BeforeEach
	void deployTwoVersions() {
		this.api = new Api(this.rest);
		this.key = "migrate-" + UUID.randomUUID().toString().substring(0, 8);
		deploy(VersionFixtures.base(this.key));
	}

	private void deploy(String xml) {
		Api.Response answer = this.api.deploy("ada", Map.of(this.key + ".bpmn20.xml", TestBpmn.bytes(xml)));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
	}

	/** Starts an instance and takes it past the check step into the given path. */
	private String startPast(String path) {
		String id = start(path);
		this.taskService.complete(this.taskService.createTaskQuery().processInstanceId(id).singleResult().getId());
		return id;
	}

	private String start(String path) {
		ProcessInstance instance = this.runtimeService.startProcessInstanceByKey(this.key, Map.of("path", path));
		return instance.getId();
	}

	private String definitionId(int version) {
		return this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(this.key)
			.processDefinitionVersion(version)
			.singleResult()
			.getId();
	}

	private String definitionOf(String instanceId) {
		return this.runtimeService.createProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult()
			.getProcessDefinitionId();
	}

	/**
	 * Runs the batch's jobs as the job executor would; returns how many failed. A part
	 * that cannot migrate records its failure in a transaction of its own and throws, so
	 * that its instance's changes roll back (the job executor then deletes the job).
	 */
	private int runMigrationJobs() {
		int failed = 0;
		for (Job job : this.managementService.createJobQuery().handlerType("process-migration").list()) {
			try {
				this.managementService.executeJob(job.getId());
			}
			catch (FlowableBatchPartMigrationException ex) {
				failed++;
			}
		}
		return failed;
	}

	@Test
	void instancesInATaskATimerAndAnAsyncJobMoveAndFinishThereTheRemovedStepStays() {
		String inReview = startPast("review");
		String inTimer = startPast("timer");
		String inAsync = startPast("async");
		String inCheck = start("review");
		assertThat(this.managementService.createJobQuery().processInstanceId(inAsync).count()).isEqualTo(1);
		deploy(VersionFixtures.withoutCheck(this.key));

		// the dry run: three can move, the one in the removed step cannot, and why
		Api.Response dryRun = this.api.post("ada", "/api/processes/" + this.key + "/migrations",
				Map.of("from", 1, "to", 2, "dryRun", true));
		assertThat(dryRun.status()).as(dryRun.body().toString()).isEqualTo(200);
		assertThat(dryRun.body().path("instances").asInt()).isEqualTo(4);
		assertThat(dryRun.body().path("canMove").asInt()).isEqualTo(3);
		assertThat(dryRun.body().path("cannotMove").asInt()).isEqualTo(1);
		JsonNode check = step(dryRun.body(), "check");
		assertThat(check.hasNonNull("target")).isFalse();
		assertThat(check.path("cannotMove").asInt()).isEqualTo(1);
		assertThat(check.path("examples").get(0).asText()).isEqualTo(inCheck);
		assertThat(check.path("reasons").get(0).asText()).contains("check");
		assertThat(step(dryRun.body(), "review").path("target").asText()).isEqualTo("review");
		assertThat(step(dryRun.body(), "cooldown").path("canMove").asInt()).isEqualTo(1);
		assertThat(definitionOf(inReview)).isEqualTo(definitionId(1));

		// executed: a batch, an audit record; the jobs move three instances
		Api.Response started = this.api.post("ada", "/api/processes/" + this.key + "/migrations",
				Map.of("from", 1, "to", 2, "dryRun", false));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		String id = started.text("id");
		assertThat(started.headers().getLocation().getPath())
			.isEqualTo("/api/processes/" + this.key + "/migrations/" + id);
		assertThat(started.body().path("waiting").asInt()).isEqualTo(4);
		assertThat(started.text("status")).isEqualTo("in-progress");
		assertThat(runMigrationJobs()).isEqualTo(1);

		Api.Response progress = this.api.get("otto", "/api/processes/" + this.key + "/migrations/" + id);
		assertThat(progress.status()).isEqualTo(200);
		assertThat(progress.text("status")).isEqualTo("completed");
		assertThat(progress.body().path("canMove").asInt()).isEqualTo(3);
		assertThat(progress.body().path("cannotMove").asInt()).isEqualTo(1);
		assertThat(step(progress.body(), "check").path("examples").get(0).asText()).isEqualTo(inCheck);
		assertThat(progress.text("requestedBy")).isEqualTo("ada");

		assertThat(definitionOf(inReview)).isEqualTo(definitionId(2));
		assertThat(definitionOf(inTimer)).isEqualTo(definitionId(2));
		assertThat(definitionOf(inAsync)).isEqualTo(definitionId(2));
		assertThat(definitionOf(inCheck)).isEqualTo(definitionId(1));
		assertThat(this.taskService.createTaskQuery().processInstanceId(inCheck).singleResult().getTaskDefinitionKey())
			.isEqualTo("check");

		// they finish in version 2
		this.taskService
			.complete(this.taskService.createTaskQuery().processInstanceId(inReview).singleResult().getId());
		Jobs jobs = new Jobs(this.managementService);
		assertThat(jobs.dueTimers(inTimer)).hasSize(1);
		jobs.runAll(inTimer);
		jobs.runAll(inAsync);
		for (String instance : List.of(inReview, inTimer, inAsync)) {
			var ended = this.historyService.createHistoricProcessInstanceQuery()
				.processInstanceId(instance)
				.singleResult();
			assertThat(ended.getEndTime()).as(instance).isNotNull();
			assertThat(ended.getProcessDefinitionId()).isEqualTo(definitionId(2));
			assertThat(ended.getEndActivityId()).isEqualTo("reviewed");
		}
		assertThat(this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(inAsync)
			.activityId("archive")
			.finished()
			.singleResult()
			.getProcessDefinitionId()).isEqualTo(definitionId(2));

		// the audit record
		Map<String, Object> record = this.jdbc.queryForMap("SELECT * FROM sf_process_migration WHERE id = ?", id);
		assertThat(record).containsEntry("process_key", this.key)
			.containsEntry("from_version", 1)
			.containsEntry("to_version", 2)
			.containsEntry("requested_by", "ada")
			.containsEntry("instances", 4)
			.containsEntry("migrated", 3)
			.containsEntry("failed", 1);
		Api.Response list = this.api.get("ada", "/api/processes/" + this.key + "/migrations");
		assertThat(list.body()).hasSize(1);
		assertThat(list.body().get(0).path("id").asText()).isEqualTo(id);
	}

	@Test
	void anExplicitMappingMovesTheRemovedStepsInstances() {
		String inCheck = start("review");
		deploy(VersionFixtures.withoutCheck(this.key));
		Api.Response started = this.api.post("otto", "/api/processes/" + this.key + "/migrations",
				Map.of("from", 1, "to", 2, "mapping", Map.of("check", "review"), "dryRun", false));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		assertThat(runMigrationJobs()).isZero();
		assertThat(definitionOf(inCheck)).isEqualTo(definitionId(2));
		assertThat(this.taskService.createTaskQuery().processInstanceId(inCheck).singleResult().getTaskDefinitionKey())
			.isEqualTo("review");
		Map<String, Object> record = this.jdbc.queryForMap("SELECT * FROM sf_process_migration WHERE id = ?",
				started.text("id"));
		assertThat(record.get("mapping_json").toString()).isEqualTo("{\"check\":\"review\"}");
	}

	@Test
	void badRequestsAnswer4xxAndMigrateNothing() {
		String inCheck = start("review");
		deploy(VersionFixtures.withoutCheck(this.key));
		String path = "/api/processes/" + this.key + "/migrations";

		Api.Response unknownTarget = this.api.post("ada", path,
				Map.of("from", 1, "to", 2, "mapping", Map.of("check", "nowhere"), "dryRun", false));
		assertThat(unknownTarget.status()).isEqualTo(400);
		assertThat(unknownTarget.text("detail")).contains("'nowhere'").contains("version 2");
		assertThat(unknownTarget.text("step")).isEqualTo("nowhere");

		Api.Response unknownSource = this.api.post("ada", path,
				Map.of("from", 1, "to", 2, "mapping", Map.of("ghost", "review"), "dryRun", true));
		assertThat(unknownSource.status()).isEqualTo(400);
		assertThat(unknownSource.text("detail")).contains("'ghost'");

		assertThat(this.api.post("ada", path, Map.of("from", 2, "to", 2)).status()).isEqualTo(400);
		assertThat(this.api.post("ada", path, Map.of("from", 1, "to", 9)).status()).isEqualTo(404);
		assertThat(this.api.post("ada", path, Map.of("to", 2)).status()).isEqualTo(400);
		assertThat(
				this.api.post("ada", "/api/processes/no-such-process/migrations", Map.of("from", 1, "to", 2)).status())
			.isEqualTo(404);
		// a worker may neither look nor move; only authors, operators and admins move
		assertThat(this.api.post("clara", path, Map.of("from", 1, "to", 2, "dryRun", true)).status()).isEqualTo(403);
		assertThat(this.api.get("clara", path).status()).isEqualTo(403);
		assertThat(this.api.get("ada", path + "/no-such-migration").status()).isEqualTo(404);

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM sf_process_migration WHERE process_key = ?",
				Integer.class, this.key))
			.isZero();
		assertThat(this.managementService.createJobQuery().handlerType("process-migration").count()).isZero();
		assertThat(definitionOf(inCheck)).isEqualTo(definitionId(1));
	}

	@Test
	void diffAnswers() {
		deploy(VersionFixtures.withoutCheck(this.key));
		String path = "/api/processes/" + this.key + "/diff";
		Api.Response diff = this.api.get("ada", path + "?from=1&to=2");
		assertThat(diff.status()).isEqualTo(200);
		assertThat(diff.body().path("changes")).hasSize(1);
		assertThat(diff.body().path("changes").get(0).path("kind").asText()).isEqualTo("removed");
		assertThat(diff.body().path("changes").get(0).path("elementId").asText()).isEqualTo("check");
		assertThat(diff.body().path("from").path("version").asInt()).isEqualTo(1);
		// the defaults: the latest against the one before
		assertThat(this.api.get("otto", path).body().path("to").path("version").asInt()).isEqualTo(2);

		assertThat(this.api.get("ada", path + "?from=2&to=2").status()).isEqualTo(400);
		assertThat(this.api.get("ada", path + "?from=1&to=7").status()).isEqualTo(404);
		assertThat(this.api.get("ada", path + "?from=one&to=2").body().path("parameter").asText()).isEqualTo("from");
		assertThat(this.api.get("ada", "/api/processes/no-such-process/diff").status()).isEqualTo(404);
		assertThat(this.api.get("clara", path).status()).isEqualTo(403);
		assertThat(this.api.get(null, path).status()).isEqualTo(401);
	}

	private static JsonNode step(JsonNode report, String activityId) {
		for (JsonNode step : report.path("steps")) {
			if (step.path("activityId").asText().equals(activityId)) {
				return step;
			}
		}
		throw new AssertionError("no step " + activityId + " in " + report);
	}

}
