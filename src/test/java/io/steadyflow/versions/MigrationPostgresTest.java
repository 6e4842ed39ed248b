package io.steadyflow.versions;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.PageSession;
import io.steadyflow.support.PostgresTest;
import io.steadyflow.support.TestBpmn;
import org.apache.ibatis.exceptions.PersistenceException;
import org.flowable.common.engine.api.FlowableBatchPartMigrationException;
import org.flowable.common.engine.impl.EngineDeployer;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.migration.ProcessInstanceMigrationCallback;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.impl.persistence.deploy.DeploymentManager;
import org.flowable.job.api.Job;
import org.flowable.job.service.JobService;
import org.flowable.job.service.impl.persistence.entity.JobEntity;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration on the real PostgreSQL: instances waiting in a user task, a timer and an
 * async job move from version 1 to version 2 (which dropped the check step) through
 * Flowable's batch migration and finish there; an instance still in the removed step is
 * reported by the dry run and left untouched by the execution; timers of the old version
 * fire after the move, on the engine clock; a target version that fails the readiness
 * gate and bad requests change nothing. Also the diff API's answers.
 */
@PostgresTest
@ExtendWith(OutputCaptureExtension.class)
class MigrationPostgresTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@LocalServerPort
	int port;

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

	@Autowired
	SpringProcessEngineConfiguration engineConfiguration;

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

	/**
	 * Deploys a version that the readiness gate would refuse, as if it had been deployed
	 * before the rule it breaks existed: the gate is taken out of the engine's deployers
	 * for this one deployment.
	 */
	private void deployPastTheGate(String xml) {
		DeploymentManager deployments = this.engineConfiguration.getDeploymentManager();
		List<EngineDeployer> withGate = deployments.getDeployers();
		deployments.setDeployers(withGate.stream()
			.filter((deployer) -> !deployer.getClass().getSimpleName().equals("ReadinessDeployGate"))
			.toList());
		try {
			this.repositoryService.createDeployment().addString(this.key + ".bpmn20.xml", xml).name(this.key).deploy();
		}
		finally {
			deployments.setDeployers(withGate);
		}
	}

	private long migrationRecords() {
		return this.jdbc.queryForObject("SELECT count(*) FROM sf_process_migration WHERE process_key = ?", Long.class,
				this.key);
	}

	private long migrationBatches(int fromVersion) {
		return this.managementService.createBatchQuery().searchKey(definitionId(fromVersion)).count();
	}

	private HistoricProcessInstance ended(String instanceId) {
		return this.historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult();
	}

	/** The instance's timer job that is due on the engine clock, moved to run now. */
	private void fireDueTimer(String instanceId) {
		Job due = this.managementService.createTimerJobQuery()
			.processInstanceId(instanceId)
			.executable()
			.singleResult();
		assertThat(due).as("a due timer of %s", instanceId).isNotNull();
		this.managementService.moveTimerToExecutableJob(due.getId());
		new Jobs(this.managementService).runAll(instanceId);
	}

	private boolean timerDue(String instanceId) {
		return this.managementService.createTimerJobQuery().processInstanceId(instanceId).executable().count() > 0;
	}

	private void clockAt(Instant instant) {
		this.engineConfiguration.getClock().setCurrentTime(Date.from(instant));
	}

	@Test
	void instancesInATaskATimerAndAnAsyncJobMoveAndFinishThereTheRemovedStepStays(CapturedOutput output) {
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
		// a migration job that became a dead-letter job names the instance but no process
		// definition: the incident notifier logs it instead of failing on it
		Job retry = this.managementService.createTimerJobQuery()
			.processInstanceId(inCheck)
			.handlerType("process-migration")
			.singleResult();
		this.managementService.moveJobToDeadLetterJob(retry.getId());
		assertThat(output.getAll()).contains("for instance " + inCheck + " failed and is a dead-letter job")
			.doesNotContain("Invalid process definition id");

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

	/**
	 * A part whose commit fails for a passing reason (here the database refuses the
	 * part's update once, as when the connection breaks in the commit) is retried: the
	 * instance stays where it was, its part waits, the job waits for its retry instead of
	 * becoming a dead-letter job, and the retry moves it.
	 */
	@Test
	void aPartThatFailsForAPassingReasonIsRetriedAndMovesOnce() {
		OneMove move = migrateOneInReview();
		String inReview = move.instance();
		String path = "/api/processes/" + this.key + "/migrations";
		String id = move.id();
		try (Refusal refusal = refusePartWrites(move.part(), true, "the part could not be written this time")) {
			Job job = this.managementService.createJobQuery()
				.processInstanceId(inReview)
				.handlerType("process-migration")
				.singleResult();
			assertThat(job.getRetries()).isEqualTo(3);
			try {
				this.managementService.executeJob(job.getId());
				throw new AssertionError("the migration job did not fail");
			}
			catch (RuntimeException ex) {
				assertThat(ex).hasStackTraceContaining("the part could not be written this time");
			}
			assertThat(definitionOf(inReview)).isEqualTo(definitionId(1));
			assertThat(this.managementService.createDeadLetterJobQuery().processInstanceId(inReview).count()).isZero();
			Job retry = this.managementService.createTimerJobQuery()
				.processInstanceId(inReview)
				.handlerType("process-migration")
				.singleResult();
			assertThat(retry.getRetries()).isEqualTo(2);
			Api.Response waiting = this.api.get("ada", path + "/" + id);
			assertThat(waiting.text("status")).isEqualTo("in-progress");
			assertThat(waiting.body().path("waiting").asInt()).isEqualTo(1);

			this.managementService.executeJob(this.managementService.moveTimerToExecutableJob(retry.getId()).getId());
		}
		assertThat(definitionOf(inReview)).isEqualTo(definitionId(2));
		assertThat(this.taskService.createTaskQuery().processInstanceId(inReview).count()).isEqualTo(1);
		Api.Response done = this.api.get("ada", path + "/" + id);
		assertThat(done.text("status")).isEqualTo("completed");
		assertThat(done.body().path("canMove").asInt()).isEqualTo(1);
		assertThat(done.body().path("cannotMove").asInt()).isZero();
		assertThat(this.jdbc.queryForMap("SELECT * FROM sf_process_migration WHERE id = ?", id))
			.containsEntry("migrated", 1)
			.containsEntry("failed", 0);
	}

	/**
	 * A part whose commit fails on every attempt ends as a dead-letter job: the progress
	 * says so ({@code stuck}, status {@code stuck}) instead of waiting for ever, and the
	 * page points to the incidents; retried once the cause is gone, the job moves it.
	 */
	@Test
	void aPartThatUsedUpItsRetriesIsShownStuckAndMovesWhenRetried() throws Exception {
		OneMove move = migrateOneInReview();
		String inReview = move.instance();
		String path = "/api/processes/" + this.key + "/migrations";
		String id = move.id();
		Job deadLetter;
		try (Refusal refusal = refusePartWrites(move.part(), false, "the part cannot be written")) {
			for (int attempt = 1; attempt <= 3; attempt++) {
				Job job = migrationJob(inReview);
				try {
					this.managementService.executeJob(job.getId());
					throw new AssertionError("the migration job did not fail");
				}
				catch (RuntimeException ex) {
					assertThat(ex).hasStackTraceContaining("the part cannot be written");
				}
				if (attempt < 3) {
					Api.Response waiting = this.api.get("ada", path + "/" + id);
					assertThat(waiting.text("status")).isEqualTo("in-progress");
					assertThat(waiting.body().path("stuck").asInt()).isZero();
				}
			}
			deadLetter = this.managementService.createDeadLetterJobQuery().processInstanceId(inReview).singleResult();
			assertThat(deadLetter).isNotNull();
			Api.Response stuck = this.api.get("ada", path + "/" + id);
			assertThat(stuck.text("status")).isEqualTo("stuck");
			assertThat(stuck.body().path("waiting").asInt()).isEqualTo(1);
			assertThat(stuck.body().path("stuck").asInt()).isEqualTo(1);
			String page = PageSession.signIn(this.port, "ada")
				.get("/processes/" + this.key + "/diff?from=1&to=2&migration=" + id)
				.text();
			assertThat(page).contains("Migration stuck: 0 moved")
				.contains("1 of those waiting used up their retries; retry them from the");
		}
		assertThat(definitionOf(inReview)).isEqualTo(definitionId(1));

		this.managementService
			.executeJob(this.managementService.moveDeadLetterJobToExecutableJob(deadLetter.getId(), 1).getId());
		assertThat(definitionOf(inReview)).isEqualTo(definitionId(2));
		Api.Response done = this.api.get("ada", path + "/" + id);
		assertThat(done.text("status")).isEqualTo("completed");
		assertThat(done.body().path("canMove").asInt()).isEqualTo(1);
		assertThat(done.body().path("stuck").asInt()).isZero();
	}

	/**
	 * A passing failure in the middle of a move (the database's answer lost, simulated
	 * where the move calls out) is retried with the job's retries instead of being
	 * recorded as "this instance cannot move": an instance that fails once moves on its
	 * retry; one that fails on every attempt is recorded as failed with the last reason
	 * after its last attempt, so the migration completes and says why, and no dead-letter
	 * job is left.
	 */
	@Test
	void aPassingFailureDuringTheMoveIsRetriedAndOnlyTheLastAttemptRecordsIt() {
		String once = startPast("review");
		String always = startPast("review");
		deploy(VersionFixtures.otherGroup(this.key));
		String path = "/api/processes/" + this.key + "/migrations";
		Api.Response started = this.api.post("ada", path, Map.of("from", 1, "to", 2, "dryRun", false));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		String id = started.text("id");
		Set<String> failing = ConcurrentHashMap.newKeySet();
		failing.add(once);
		failing.add(always);
		List<ProcessInstanceMigrationCallback> before = this.engineConfiguration.getProcessInstanceMigrationCallbacks();
		this.engineConfiguration.setProcessInstanceMigrationCallbacks(List.of((instance, target, document, context) -> {
			if (failing.contains(instance.getId())) {
				throw new PersistenceException("Error querying database",
						new SQLException("An I/O error occurred while sending to the backend.", "08006"));
			}
		}));
		try {
			for (int attempt = 1; attempt <= 3; attempt++) {
				for (String instance : List.of(once, always)) {
					Job job = migrationJob(instance);
					if (job == null) {
						continue;
					}
					assertThat(job.getRetries()).isEqualTo(4 - attempt);
					try {
						this.managementService.executeJob(job.getId());
						assertThat(instance).as("moved on attempt %d", attempt).isEqualTo(once);
					}
					catch (RuntimeException ex) {
						assertThat(ex).hasStackTraceContaining("An I/O error occurred");
						// the last attempt records it, and the job executor deletes its
						// job;
						// before that, the job waits for its retry
						boolean recorded = ex instanceof FlowableBatchPartMigrationException migration
								&& migration.isIgnoreFailedJob();
						assertThat(recorded).as("recorded on attempt %d", attempt).isEqualTo(attempt == 3);
					}
				}
				failing.remove(once);
				Api.Response progress = this.api.get("ada", path + "/" + id);
				assertThat(definitionOf(always)).isEqualTo(definitionId(1));
				if (attempt < 3) {
					// the failing one waits for its retry; nothing is recorded yet
					assertThat(progress.text("status")).isEqualTo("in-progress");
					assertThat(progress.body().path("cannotMove").asInt()).isZero();
					assertThat(migrationJob(always)).as("its retry").isNotNull();
				}
			}
		}
		finally {
			this.engineConfiguration.setProcessInstanceMigrationCallbacks(before);
		}
		assertThat(definitionOf(once)).isEqualTo(definitionId(2));
		assertThat(definitionOf(always)).isEqualTo(definitionId(1));
		assertThat(this.taskService.createTaskQuery().processInstanceId(always).singleResult().getProcessDefinitionId())
			.isEqualTo(definitionId(1));
		Api.Response done = this.api.get("ada", path + "/" + id);
		assertThat(done.text("status")).isEqualTo("completed");
		assertThat(done.body().path("canMove").asInt()).isEqualTo(1);
		assertThat(done.body().path("cannotMove").asInt()).isEqualTo(1);
		assertThat(step(done.body(), "review").path("reasons").toString()).contains("Failed on every attempt, last: ")
			.contains("Error querying database");
	}

	/**
	 * A migration job that runs again after its instance moved (a copy left behind, a
	 * node that lost its lock while still at work) leaves the instance and its part as
	 * they are.
	 */
	@Test
	void aJobWhoseInstanceHasMovedAlreadyChangesNothing() {
		String inReview = startPast("review");
		deploy(VersionFixtures.otherGroup(this.key));
		Api.Response started = this.api.post("ada", "/api/processes/" + this.key + "/migrations",
				Map.of("from", 1, "to", 2, "dryRun", false));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		Job job = migrationJob(inReview);
		String configuration = job.getJobHandlerConfiguration();
		this.managementService.executeJob(job.getId());
		assertThat(definitionOf(inReview)).isEqualTo(definitionId(2));
		String sql = "SELECT p.status_ || ' ' || p.complete_time_ || ' ' || e.rev_ || ' ' || t.id_ || ' ' || t.rev_"
				+ " FROM flw_ru_batch_part p JOIN act_ru_execution e ON e.id_ = p.scope_id_"
				+ " JOIN act_ru_task t ON t.proc_inst_id_ = e.id_ WHERE p.batch_id_ = ?";
		String moved = this.jdbc.queryForObject(sql, String.class, started.text("id"));
		assertThat(moved).startsWith("success ");

		String again = this.managementService.executeCommand((context) -> {
			JobService jobs = this.engineConfiguration.getJobServiceConfiguration().getJobService();
			JobEntity copy = jobs.createJob();
			copy.setJobType(Job.JOB_TYPE_MESSAGE);
			copy.setJobHandlerType(job.getJobHandlerType());
			copy.setJobHandlerConfiguration(configuration);
			copy.setProcessInstanceId(inReview);
			copy.setExecutionId(inReview);
			copy.setRetries(3);
			jobs.insertJob(copy);
			return copy.getId();
		});
		this.managementService.executeJob(again);

		assertThat(this.jdbc.queryForObject(sql, String.class, started.text("id"))).isEqualTo(moved);
		assertThat(this.managementService.createJobQuery().processInstanceId(inReview).count()).isZero();
	}

	/**
	 * A migration of one instance in the review step: the instance, the migration, its
	 * part.
	 */
	private record OneMove(String instance, String id, String part) {
	}

	private OneMove migrateOneInReview() {
		String inReview = startPast("review");
		deploy(VersionFixtures.otherGroup(this.key));
		Api.Response started = this.api.post("ada", "/api/processes/" + this.key + "/migrations",
				Map.of("from", 1, "to", 2, "dryRun", false));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		String id = started.text("id");
		String part = this.jdbc.queryForObject("SELECT id_ FROM flw_ru_batch_part WHERE batch_id_ = ?", String.class,
				id);
		return new OneMove(inReview, id, part);
	}

	/** Undoes a refusal of the database. */
	private interface Refusal extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * Makes the database refuse to write the batch part, as when the connection breaks in
	 * the commit: once, or every time until closed.
	 */
	private Refusal refusePartWrites(String part, boolean once, String message) {
		String name = "sf_test_refuse_" + this.key.replace('-', '_');
		this.jdbc.execute("CREATE SEQUENCE " + name);
		this.jdbc.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
				+ " IF NEW.id_ = TG_ARGV[0] AND (NOT " + once + " OR nextval('" + name + "') = 1) THEN"
				+ " RAISE EXCEPTION '" + message + "'; END IF; RETURN NEW; END $$");
		this.jdbc.execute("CREATE TRIGGER " + name
				+ " BEFORE UPDATE ON flw_ru_batch_part FOR EACH ROW EXECUTE FUNCTION " + name + "('" + part + "')");
		return () -> {
			this.jdbc.execute("DROP TRIGGER " + name + " ON flw_ru_batch_part");
			this.jdbc.execute("DROP FUNCTION " + name + "()");
			this.jdbc.execute("DROP SEQUENCE " + name);
		};
	}

	private Job migrationJob(String instanceId) {
		Job job = this.managementService.createJobQuery()
			.processInstanceId(instanceId)
			.handlerType("process-migration")
			.singleResult();
		if (job != null) {
			return job;
		}
		Job retry = this.managementService.createTimerJobQuery()
			.processInstanceId(instanceId)
			.handlerType("process-migration")
			.singleResult();
		return (retry != null) ? this.managementService.moveTimerToExecutableJob(retry.getId()) : null;
	}

	@Test
	void aTargetThatFailsTheReadinessGateIsRefusedWith422AndNothingMoves() {
		String inReview = startPast("review");
		String inCheck = start("review");
		// the gate refuses this version on the way in
		Api.Response refusedDeploy = this.api.deploy("ada",
				Map.of(this.key + ".bpmn20.xml", TestBpmn.bytes(VersionFixtures.withoutOwner(this.key))));
		assertThat(refusedDeploy.status()).isEqualTo(422);
		deployPastTheGate(VersionFixtures.withoutOwner(this.key));
		assertThat(definitionId(2)).isNotNull();
		String path = "/api/processes/" + this.key + "/migrations";

		Api.Response refused = this.api.post("ada", path, Map.of("from", 1, "to", 2, "dryRun", false));
		assertThat(refused.status()).as(refused.body().toString()).isEqualTo(422);
		assertThat(refused.text("title")).isEqualTo("Refused by the readiness gate");
		assertThat(refused.text("detail")).contains("Version 2 of '" + this.key + "'")
			.contains("accountable owner")
			.contains("no instance is moved");
		JsonNode findings = refused.body().path("findings");
		assertThat(findings).isNotEmpty();
		assertThat(findings.findValuesAsText("rule")).contains("owner");
		assertThat(findings.get(0).path("message").asText()).contains(this.key);

		// a dry run still shows what a move would do: it changes nothing
		Api.Response dryRun = this.api.post("ada", path, Map.of("from", 1, "to", 2, "dryRun", true));
		assertThat(dryRun.status()).isEqualTo(200);
		assertThat(dryRun.body().path("canMove").asInt()).isEqualTo(2);

		assertThat(migrationRecords()).isZero();
		assertThat(migrationBatches(1)).isZero();
		assertThat(this.managementService.createJobQuery().handlerType("process-migration").count()).isZero();
		assertThat(definitionOf(inReview)).isEqualTo(definitionId(1));
		assertThat(definitionOf(inCheck)).isEqualTo(definitionId(1));
		assertThat(this.runtimeService.createProcessInstanceQuery().processDefinitionId(definitionId(2)).count())
			.isZero();
	}

	/**
	 * On the engine clock: a review with a two-day boundary timer and a one-hour
	 * cool-down timer, both waiting in version 2, move to version 3 (the review offered
	 * to another group) half an hour after they started. The boundary timer is the same
	 * in both versions, so Flowable keeps it with its due date; the cool-down's step is
	 * entered again in version 3, so its hour starts from the move. Each fires then, and
	 * the instance ends in version 3.
	 */
	@Test
	void timersOfTheOldVersionFireAfterTheMoveAndTheInstancesEndInTheNewVersion() {
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		try {
			clockAt(start);
			deploy(VersionFixtures.withBoundaryTimer(this.key));
			String inReview = startPast("review");
			String inCooldown = startPast("timer");
			Job reviewTimer = this.managementService.createTimerJobQuery().processInstanceId(inReview).singleResult();
			assertThat(reviewTimer.getElementId()).isEqualTo("reviewLate");
			assertThat(reviewTimer.getDuedate().toInstant()).isEqualTo(start.plus(Duration.ofDays(2)));
			deploy(VersionFixtures.edit(VersionFixtures.withBoundaryTimer(this.key),
					"flowable:candidateGroups=\"approvers\"", "flowable:candidateGroups=\"finance-leads\""));

			Instant moved = start.plus(Duration.ofMinutes(30));
			clockAt(moved);
			Api.Response started = this.api.post("ada", "/api/processes/" + this.key + "/migrations",
					Map.of("from", 2, "to", 3, "dryRun", false));
			assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
			assertThat(runMigrationJobs()).isZero();
			assertThat(definitionOf(inReview)).isEqualTo(definitionId(3));
			assertThat(definitionOf(inCooldown)).isEqualTo(definitionId(3));

			Job keptTimer = this.managementService.createTimerJobQuery().processInstanceId(inReview).singleResult();
			assertThat(keptTimer.getElementId()).isEqualTo("reviewLate");
			assertThat(keptTimer.getDuedate().toInstant()).isEqualTo(reviewTimer.getDuedate().toInstant());
			Job cooldown = this.managementService.createTimerJobQuery().processInstanceId(inCooldown).singleResult();
			assertThat(cooldown.getElementId()).isEqualTo("cooldown");
			assertThat(cooldown.getDuedate().toInstant()).isEqualTo(moved.plus(Duration.ofHours(1)));

			// an hour after the start, the old cool-down would be due; the moved one is
			// not
			clockAt(start.plus(Duration.ofMinutes(61)));
			assertThat(timerDue(inCooldown)).isFalse();
			clockAt(moved.plus(Duration.ofMinutes(61)));
			fireDueTimer(inCooldown);
			assertThat(ended(inCooldown).getEndActivityId()).isEqualTo("reviewed");
			assertThat(ended(inCooldown).getProcessDefinitionId()).isEqualTo(definitionId(3));

			clockAt(start.plus(Duration.ofDays(2)).minusSeconds(60));
			assertThat(timerDue(inReview)).isFalse();
			clockAt(start.plus(Duration.ofDays(2)).plusSeconds(60));
			fireDueTimer(inReview);
			HistoricProcessInstance late = ended(inReview);
			assertThat(late.getEndTime()).isNotNull();
			assertThat(late.getEndActivityId()).isEqualTo("dropped");
			assertThat(late.getProcessDefinitionId()).isEqualTo(definitionId(3));
			assertThat(this.taskService.createTaskQuery().processInstanceId(inReview).count()).isZero();
		}
		finally {
			this.engineConfiguration.getClock().reset();
		}
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

		Api.Response same = this.api.post("ada", path, Map.of("from", 2, "to", 2, "dryRun", false));
		assertThat(same.status()).isEqualTo(400);
		assertThat(same.text("detail")).contains("both version 2");
		assertThat(same.text("parameter")).isEqualTo("to");
		Api.Response unknownTo = this.api.post("ada", path, Map.of("from", 1, "to", 9, "dryRun", false));
		assertThat(unknownTo.status()).isEqualTo(404);
		assertThat(unknownTo.text("detail")).contains("has no version 9");
		Api.Response unknownFrom = this.api.post("ada", path, Map.of("from", 7, "to", 2, "dryRun", false));
		assertThat(unknownFrom.status()).isEqualTo(404);
		assertThat(unknownFrom.text("detail")).contains("has no version 7");
		Api.Response noFrom = this.api.post("ada", path, Map.of("to", 2));
		assertThat(noFrom.status()).isEqualTo(400);
		assertThat(noFrom.text("detail")).contains("from");
		Api.Response zero = this.api.post("ada", path, Map.of("from", 0, "to", 2));
		assertThat(zero.status()).isEqualTo(400);
		assertThat(zero.text("detail")).contains("from");
		assertThat(this.api.post("ada", path, Map.of("from", "one", "to", 2)).status()).isEqualTo(400);
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
		assertThat(migrationBatches(1)).isZero();
		assertThat(definitionOf(inCheck)).isEqualTo(definitionId(1));
		assertThat(this.runtimeService.createProcessInstanceQuery().processDefinitionId(definitionId(2)).count())
			.isZero();
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
