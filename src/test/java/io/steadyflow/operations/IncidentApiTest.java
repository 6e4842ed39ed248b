package io.steadyflow.operations;

import java.util.Map;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.task.Comment;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' API over real HTTP: who may use it, and a clear 4xx for every request
 * that cannot be served. Incidents are made by moving an instance's job to the dead
 * letters, as the engine does after the last retry.
 */
@H2Test
class IncidentApiTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	ManagementService managementService;

	@Autowired
	HistoryService historyService;

	@Autowired
	TaskService taskService;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.rest);
	}

	@Test
	void onlyOperatorsAndAdminsMayUseIt() {
		String instanceId = startOrderSync();
		String incident = incidentOf(instanceId);

		assertThat(this.api.get("clara", "/api/incidents").status()).isEqualTo(403);
		assertThat(this.api.get("ada", "/api/incidents/" + incident).status()).isEqualTo(403);
		assertThat(this.api.get(null, "/api/incidents").status()).isEqualTo(401);
		assertThat(this.api.post("clara", "/api/incidents/" + incident + "/retry", Map.of("retries", 1)).status())
			.isEqualTo(403);
		Api.Response cancel = this.api.post("sam", "/api/process-instances/" + instanceId + "/cancel",
				Map.of("reason", "not mine"));
		assertThat(cancel.status()).isEqualTo(403);
		assertThat(cancel.text("detail")).isNotBlank();
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isOne();

		assertThat(this.api.get("otto", "/api/incidents").status()).isEqualTo(200);
		Api.Response asAdmin = this.api.get("admin", "/api/incidents/" + incident);
		assertThat(asAdmin.status()).isEqualTo(200);
		assertThat(asAdmin.text("processInstanceId")).isEqualTo(instanceId);
		assertThat(asAdmin.text("activityId")).isEqualTo("fetchOrder");
		assertThat(asAdmin.text("instanceLink")).endsWith("/instances/" + instanceId);
	}

	@Test
	void answersClearlyWhenAnIncidentDoesNotExist() {
		Api.Response missing = this.api.get("otto", "/api/incidents/no-such-job");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.text("detail")).contains("no-such-job");
		assertThat(this.api.get("otto", "/api/incidents/no-such-job/stacktrace").status()).isEqualTo(404);
		assertThat(this.api.post("otto", "/api/incidents/no-such-job/retry", Map.of("retries", 1)).status())
			.isEqualTo(404);
	}

	@Test
	void retryMovesTheDeadLetterJobBackWithTheGivenRetries() {
		String instanceId = startOrderSync();
		String incident = incidentOf(instanceId);

		Api.Response tooMany = this.api.post("otto", "/api/incidents/" + incident + "/retry", Map.of("retries", 101));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.text("detail")).contains("retries");
		assertThat(this.api.post("otto", "/api/incidents/" + incident + "/retry", Map.of("retries", 0)).status())
			.isEqualTo(400);

		Api.Response retried = this.api.post("otto", "/api/incidents/" + incident + "/retry", Map.of("retries", 4));
		assertThat(retried.status()).isEqualTo(200);
		Job job = this.managementService.createJobQuery().processInstanceId(instanceId).singleResult();
		assertThat(job.getId()).isEqualTo(retried.text("jobId"));
		assertThat(job.getRetries()).isEqualTo(4);
		assertThat(this.managementService.createDeadLetterJobQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(this.taskService.getProcessInstanceComments(instanceId, Incidents.OPERATOR_ACTION))
			.extracting(Comment::getUserId, Comment::getFullMessage)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("otto", "Retried the incident at 'fetchOrder' with 4 retries"));

		Api.Response again = this.api.post("otto", "/api/incidents/" + incident + "/retry", Map.of("retries", 1));
		assertThat(again.status()).isEqualTo(404);
	}

	@Test
	void retryOfASuspendedInstanceIsAConflict() {
		String instanceId = startOrderSync();
		String incident = incidentOf(instanceId);
		this.runtimeService.suspendProcessInstanceById(instanceId);

		Api.Response retried = this.api.post("otto", "/api/incidents/" + incident + "/retry", Map.of("retries", 1));

		assertThat(retried.status()).isEqualTo(409);
		assertThat(retried.text("detail")).contains("suspended");
	}

	@Test
	void cancelsAnInstanceWithARecordedReason() {
		String instanceId = startOrderSync();
		incidentOf(instanceId);

		assertThat(this.api.post("otto", "/api/process-instances/" + instanceId + "/cancel", Map.of("reason", " "))
			.status()).isEqualTo(400);
		assertThat(this.api.post("otto", "/api/process-instances/" + instanceId + "/cancel", Map.of()).status())
			.isEqualTo(400);
		assertThat(this.api.post("otto", "/api/process-instances/nope/cancel", Map.of("reason", "x")).status())
			.isEqualTo(404);

		Api.Response cancelled = this.api.post("otto", "/api/process-instances/" + instanceId + "/cancel",
				Map.of("reason", "Order was entered twice in system A"));

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.text("state")).isEqualTo("cancelled");
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(this.managementService.createDeadLetterJobQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult()
			.getDeleteReason()).isEqualTo("Order was entered twice in system A");
		assertThat(this.taskService.getProcessInstanceComments(instanceId, Incidents.OPERATOR_ACTION))
			.extracting(Comment::getUserId)
			.containsExactly("otto");
		Api.Response again = this.api.post("otto", "/api/process-instances/" + instanceId + "/cancel",
				Map.of("reason", "again"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.text("detail")).contains("already ended");
	}

	private String startOrderSync() {
		return this.runtimeService
			.startProcessInstanceByKey("order-sync", "incident-api-" + System.nanoTime(), Map.of("orderId", "A-1"))
			.getId();
	}

	/** Makes the instance's waiting job an incident, as the last failed retry would. */
	private String incidentOf(String instanceId) {
		Job job = this.managementService.createJobQuery().processInstanceId(instanceId).singleResult();
		return this.managementService.moveJobToDeadLetterJob(job.getId()).getId();
	}

}
