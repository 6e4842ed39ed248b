package io.steadyflow.operations.owner;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.support.Api;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.PageSession;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner's figures for a known set of instances of a process of the test's own, run on
 * the real engine: one ended done, one rejected, one waiting at an overdue task with an
 * SLA breach, one waiting at an incident; AI results and the people's decisions about
 * them. The outcome and breach rows are written by the test as the engine listener would
 * (that listener is not part of this branch). Then who may see the figures, and the
 * answers to bad requests. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class OwnerViewScenarios {

	static final String PROCESS = "owner-figures";

	static final String FAILING = "io.steadyflow.operations.AlwaysFailingStep";

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	HistoryService historyService;

	@Autowired
	ManagementService managementService;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TestRestTemplate rest;

	@LocalServerPort
	int port;

	Api api;

	String done;

	String rejected;

	String overdue;

	String failed;

	@BeforeAll
	void runInstances() {
		this.api = new Api(this.rest);
		this.repositoryService.createDeployment().name(PROCESS).addString(PROCESS + ".bpmn20.xml", """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%s" name="Owner figures" isExecutable="true" sf:owner="finance-operations"
				           sf:doneWhen="The request is approved" sf:sla="PT1H">
				    <startEvent id="requestArrived" name="Request arrived"/>
				    <sequenceFlow id="toToolNeeded" sourceRef="requestArrived" targetRef="toolNeeded"/>
				    <exclusiveGateway id="toolNeeded" name="Tool needed?" default="noTool"/>
				    <sequenceFlow id="noTool" name="No" sourceRef="toolNeeded" targetRef="reviewRequest"/>
				    <sequenceFlow id="tool" name="Yes" sourceRef="toolNeeded" targetRef="callTool">
				      <conditionExpression xsi:type="tFormalExpression">${fail}</conditionExpression>
				    </sequenceFlow>
				    <serviceTask id="callTool" name="Call the tool" flowable:async="true" flowable:class="%s">
				      <extensionElements>
				        <flowable:failedJobRetryTimeCycle>R1/PT1S</flowable:failedJobRetryTimeCycle>
				      </extensionElements>
				    </serviceTask>
				    <sequenceFlow id="toToolDone" sourceRef="callTool" targetRef="toolDone"/>
				    <endEvent id="toolDone" name="Tool done" sf:outcome="done"/>
				    <userTask id="reviewRequest" name="Review request" flowable:candidateGroups="finance-operations"
				              flowable:dueDate="PT1H"/>
				    <sequenceFlow id="toApproved" sourceRef="reviewRequest" targetRef="approved"/>
				    <exclusiveGateway id="approved" name="Approved?" default="no"/>
				    <sequenceFlow id="yes" name="Yes" sourceRef="approved" targetRef="requestDone">
				      <conditionExpression xsi:type="tFormalExpression">${approve}</conditionExpression>
				    </sequenceFlow>
				    <sequenceFlow id="no" name="No" sourceRef="approved" targetRef="requestRejected"/>
				    <endEvent id="requestDone" name="Request done" sf:outcome="done"/>
				    <endEvent id="requestRejected" name="Request rejected" sf:outcome="rejected"/>
				  </process>
				</definitions>
				""".formatted(PROCESS, FAILING)).deploy();

		Instant aiTime = Instant.now().minus(Duration.ofHours(1));
		this.done = start(false);
		aiResult(this.done, "{\"label\":\"approve\",\"confidence\":0.9,\"alternatives\":[{\"label\":\"reject\","
				+ "\"confidence\":0.1}],\"sure\":true,\"threshold\":0.75}", aiTime);
		decide(this.done, "approve", true);
		outcome(this.done, "requestDone", "Request done", "done", Duration.ofMinutes(30));

		this.rejected = start(false);
		aiResult(this.rejected, "{\"label\":\"approve\",\"confidence\":0.6,\"alternatives\":[{\"label\":\"reject\","
				+ "\"confidence\":0.4}],\"sure\":false,\"threshold\":0.75}", aiTime);
		decide(this.rejected, "reject", false);
		outcome(this.rejected, "requestRejected", "Request rejected", "rejected", Duration.ofHours(2));

		this.overdue = start(false);
		Task late = this.taskService.createTaskQuery().processInstanceId(this.overdue).singleResult();
		this.taskService.setDueDate(late.getId(), Date.from(Instant.now().minus(Duration.ofHours(3))));
		this.jdbc.update("""
				INSERT INTO sf_sla_breach (id, process_instance_id, scope_key, task_id, process_definition_key,
				    process_definition_version, activity_id, activity_name, sla, due_at, breached_at, owner)
				VALUES (?, ?, 'process', NULL, ?, 1, NULL, NULL, 'PT1H', ?, ?, 'finance-operations')""",
				UUID.randomUUID().toString(), this.overdue, PROCESS, Timestamp.from(Instant.now().minusSeconds(600)),
				Timestamp.from(Instant.now().minusSeconds(60)));

		this.failed = start(true);
		Jobs jobs = new Jobs(this.managementService);
		for (int attempt = 0; attempt < 5 && jobs.deadLetterCount(this.failed) == 0; attempt++) {
			if (this.managementService.createJobQuery().processInstanceId(this.failed).count() == 0) {
				jobs.dueTimers(this.failed);
			}
			jobs.runFailing(this.failed);
		}
		assertThat(jobs.deadLetterCount(this.failed)).isOne();
	}

	@Test
	void figuresOfAKnownSetOfInstances() {
		Api.Response answer = this.api.get("fiona", "/api/processes/" + PROCESS + "/stats");
		assertThat(answer.status()).isEqualTo(200);
		JsonNode stats = answer.body();
		assertThat(stats.path("owner").asText()).isEqualTo("finance-operations");
		assertThat(stats.path("to").asText()).isEqualTo(LocalDate.now().toString());
		assertThat(stats.path("from").asText()).isEqualTo(LocalDate.now().minusDays(29).toString());

		JsonNode instances = stats.path("instances");
		assertThat(instances.path("running").asLong()).isEqualTo(2);
		assertThat(instances.path("started").asLong()).isEqualTo(4);
		assertThat(instances.path("ended").asLong()).isEqualTo(2);
		assertThat(instances.path("done").asLong()).isEqualTo(1);
		assertThat(instances.path("doneRate").asDouble()).isEqualTo(0.5);

		JsonNode durations = stats.path("durations");
		assertThat(durations.path("measured").asLong()).isEqualTo(2);
		// PERCENTILE_CONT interpolates between 30 min and 2 h
		assertThat(durations.path("p50Ms").asLong()).isEqualTo(Duration.ofMinutes(75).toMillis());
		assertThat(durations.path("p90Ms").asLong()).isEqualTo(Duration.ofMinutes(111).toMillis());
		assertThat(durations.path("sla").asText()).isEqualTo("PT1H");
		assertThat(durations.path("withinSla").asLong()).isEqualTo(1);
		assertThat(durations.path("withinSlaShare").asDouble()).isEqualTo(0.5);

		assertThat(stats.path("perDay")).hasSize(30);
		JsonNode today = stats.path("perDay").get(29);
		assertThat(today.path("date").asText()).isEqualTo(LocalDate.now().toString());
		assertThat(today.path("started").asLong()).isEqualTo(4);
		assertThat(today.path("ended").asLong()).isEqualTo(2);

		assertThat(stats.path("outcomes").findValuesAsText("endActivityId")).containsExactlyInAnyOrder("requestDone",
				"requestRejected");
		assertThat(stats.path("outcomes").findValuesAsText("outcome")).containsExactlyInAnyOrder("done", "rejected");

		assertThat(stats.path("tasks").path("open").asLong()).isEqualTo(1);
		assertThat(stats.path("tasks").path("overdue").asLong()).isEqualTo(1);
		JsonNode review = find(stats.path("userTasks"), "taskId", "reviewRequest");
		assertThat(review.path("completed").asLong()).isEqualTo(2);
		assertThat(review.path("open").asLong()).isEqualTo(1);
		assertThat(review.path("overdue").asLong()).isEqualTo(1);
		assertThat(review.path("averageMs").isNumber()).isTrue();

		JsonNode reviewLoad = find(stats.path("activities"), "activityId", "reviewRequest");
		assertThat(reviewLoad.path("waitingNow").asLong()).isEqualTo(1);
		assertThat(reviewLoad.path("runs").asLong()).isEqualTo(3);

		JsonNode tool = find(stats.path("toolSteps"), "activityId", "callTool");
		assertThat(tool.path("incidents").asLong()).isEqualTo(1);

		JsonNode ai = find(stats.path("aiSteps"), "activityId", "classifyRequest");
		assertThat(ai.path("results").asLong()).isEqualTo(2);
		assertThat(ai.path("sure").asLong()).isEqualTo(1);
		assertThat(ai.path("decisions").asLong()).isEqualTo(2);
		assertThat(ai.path("kept").asLong()).isEqualTo(1);
		assertThat(ai.path("keptShare").asDouble()).isEqualTo(0.5);

		assertThat(stats.path("slaBreaches").path("count").asLong()).isEqualTo(1);
		assertThat(stats.path("slaBreaches").path("newest").get(0).path("processInstanceId").asText())
			.isEqualTo(this.overdue);
		assertThat(stats.path("incidents").path("count").asLong()).isEqualTo(1);
		assertThat(stats.path("incidents").path("newest").get(0).path("processInstanceId").asText())
			.isEqualTo(this.failed);
		assertThat(stats.path("incidents").path("newest").get(0).path("activityId").asText()).isEqualTo("callTool");

		assertThat(stats.path("health").path("state").asText()).isEqualTo("failing");
		assertThat(rating(stats, "exception-handling")).isEqualTo("failing");
		assertThat(rating(stats, "human-oversight")).isEqualTo("attention");
		assertThat(rating(stats, "operational-ownership")).isEqualTo("attention");
		assertThat(rating(stats, "clear-trigger")).isEqualTo("healthy");
	}

	@Test
	void aPeriodBeforeTheInstancesHasNoneButTheRunningOnes() {
		JsonNode stats = this.api
			.get("fiona", "/api/processes/" + PROCESS + "/stats?from=2020-01-01&to=2020-01-31&version=1")
			.body();
		assertThat(stats.path("version").asInt()).isEqualTo(1);
		assertThat(stats.path("perDay")).hasSize(31);
		assertThat(stats.path("instances").path("started").asLong()).isZero();
		assertThat(stats.path("instances").path("ended").asLong()).isZero();
		assertThat(stats.path("instances").path("running").asLong()).isEqualTo(2);
		assertThat(stats.path("instances").path("doneRate").isMissingNode()).isTrue();
		assertThat(stats.path("slaBreaches").path("count").asLong()).isZero();
		assertThat(stats.path("incidents").path("count").asLong()).isOne();
	}

	@Test
	void theOwnerOperatorsAndAdminsSeeTheFiguresOthersGet403() {
		for (String user : new String[] { "fiona", "otto", "admin" }) {
			assertThat(this.api.get(user, "/api/processes/invoice-approval/stats").status()).as(user).isEqualTo(200);
		}
		Api.Response alex = this.api.get("alex", "/api/processes/invoice-approval/stats");
		assertThat(alex.status()).isEqualTo(403);
		assertThat(alex.text("detail")).contains("finance-operations");
		assertThat(this.api.get("ivo", "/api/processes/invoice-approval/stats").status()).isEqualTo(403);
		assertThat(this.api.get("ivo", "/api/processes/order-sync/stats").status()).isEqualTo(200);
		assertThat(this.api.get("maria", "/api/processes/ticket-triage/stats").status()).isEqualTo(200);
		assertThat(this.api.get(null, "/api/processes/invoice-approval/stats").status()).isEqualTo(401);
		assertThat(this.api.get(null, "/v3/api-docs").body().path("paths").has("/api/processes/{key}/stats")).isTrue();
	}

	@Test
	void unknownKeysAre404AndBadPeriods400NamingTheParameter(CapturedOutput output) {
		int before = output.getAll().length();
		Api.Response unknown = this.api.get("otto", "/api/processes/no-such-process/stats");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.text("detail")).contains("no-such-process");

		Map<String, String> bad = Map.of("from=2026-13-01", "from", "to=yesterday", "to",
				"from=2026-02-01&to=2026-01-01", "from", "from=2024-01-01&to=2026-01-01", "from", "version=two",
				"version", "version=99", "version");
		bad.forEach((query, parameter) -> {
			Api.Response answer = this.api.get("fiona", "/api/processes/invoice-approval/stats?" + query);
			assertThat(answer.status()).as(query).isEqualTo(400);
			assertThat(answer.text("parameter")).as(query).isEqualTo(parameter);
			assertThat(answer.text("detail")).as(query).contains(parameter);
		});
		assertThat(this.api.get("fiona", "/api/processes/invoice-approval/stats?from=2024-01-01&to=2026-01-01")
			.text("detail")).contains("366 days");
		assertThat(output.getAll().substring(before)).doesNotContain("ERROR");
	}

	@Test
	void pagesForTheOwnerAnd403ForOthers() throws Exception {
		PageSession fiona = PageSession.signIn(this.port, "fiona");
		PageSession.Answer list = fiona.get("/processes");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.text())
			.contains("data-process=\"invoice-approval\"", "data-process=\"" + PROCESS + "\"", "id=\"health-rule\"",
					"data-trait=\"operational-ownership\"")
			.doesNotContain("data-process=\"order-sync\"");

		PageSession.Answer page = fiona.get("/processes/" + PROCESS);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).contains("id=\"scorecard\"", "id=\"per-day-chart\"", "id=\"process-figures\"",
				"/instances/" + this.overdue, "/instances/" + this.failed, "data-health=\"failing\"", "Call the tool");
		assertThat(page.text().indexOf("Production-readiness scorecard"))
			.isLessThan(page.text().indexOf("Started and ended per day"));
		PageSession.Answer xml = fiona.get("/processes/" + PROCESS + "/diagram.bpmn");
		assertThat(xml.status()).isEqualTo(200);
		assertThat(xml.text()).contains("id=\"reviewRequest\"");
		assertThat(fiona.get("/processes/" + PROCESS + "?from=2026-02-30").status()).isEqualTo(400);

		PageSession otto = PageSession.signIn(this.port, "otto");
		assertThat(otto.get("/processes").text()).contains("data-process=\"order-sync\"",
				"data-process=\"invoice-approval\"");

		PageSession alex = PageSession.signIn(this.port, "alex");
		assertThat(alex.get("/processes").status()).isEqualTo(403);
		assertThat(alex.get("/processes/invoice-approval").status()).isEqualTo(403);
		assertThat(alex.get("/processes/invoice-approval/diagram.bpmn").status()).isEqualTo(403);
		assertThat(otto.get("/processes/no-such-process").status()).isEqualTo(404);
	}

	private static String rating(JsonNode stats, String trait) {
		return find(stats.path("scorecard"), "trait", trait).path("rating").asText();
	}

	private static JsonNode find(JsonNode array, String field, String value) {
		for (JsonNode node : array) {
			if (value.equals(node.path(field).asText())) {
				return node;
			}
		}
		throw new AssertionError("no " + field + "=" + value + " in " + array);
	}

	private String start(boolean fail) {
		return this.runtimeService.startProcessInstanceByKey(PROCESS, Map.of("fail", fail)).getId();
	}

	/**
	 * Completes the review with a recorded decision, as the decision guard records it.
	 */
	private void decide(String instanceId, String outcome, boolean approve) {
		Task task = this.taskService.createTaskQuery().processInstanceId(instanceId).singleResult();
		this.taskService.setVariableLocal(task.getId(), "outcome", outcome);
		this.taskService.complete(task.getId(), Map.of("approve", approve));
	}

	private void aiResult(String instanceId, String output, Instant at) {
		this.jdbc.update("""
				INSERT INTO sf_ai_provenance (id, process_instance_id, activity_id, kind, result_variable, model_id,
				    model_version, input_sha256, output_json, confidence, duration_ms, created_at)
				VALUES (?, ?, 'classifyRequest', 'classify', 'requestClass', 'test-model', '1', ?, ?, 0.9, 5, ?)""",
				UUID.randomUUID().toString(), instanceId, "0".repeat(64), output, Timestamp.from(at));
	}

	/**
	 * The row the engine listener wrote when the instance ended is checked against the
	 * history, then given a chosen duration, so that the percentiles are known.
	 */
	private void outcome(String instanceId, String endId, String endName, String outcome, Duration duration) {
		HistoricProcessInstance ended = this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult();
		assertThat(ended.getEndActivityId()).isEqualTo(endId);
		assertThat(this.jdbc.queryForMap(
				"SELECT end_activity_id, end_activity_name, outcome FROM sf_instance_outcome WHERE process_instance_id = ?",
				instanceId))
			.containsEntry("END_ACTIVITY_ID", endId)
			.containsEntry("END_ACTIVITY_NAME", endName)
			.containsEntry("OUTCOME", outcome);
		Instant end = ended.getEndTime().toInstant();
		this.jdbc.update(
				"UPDATE sf_instance_outcome SET started_at = ?, ended_at = ?, duration_ms = ? WHERE process_instance_id = ?",
				Timestamp.from(end.minus(duration)), Timestamp.from(end), duration.toMillis(), instanceId);
	}

}
