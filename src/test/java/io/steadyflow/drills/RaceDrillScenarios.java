package io.steadyflow.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.support.Api;
import io.steadyflow.support.Api.Response;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill: races over real HTTP, many clients at once. Exactly one of 200 concurrent
 * completions of one task wins (the others get 409, never a 5xx) and the task is in the
 * history once; 50 concurrent starts with one business key make one instance; 50
 * concurrent claims make one owner. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RaceDrillScenarios {

	static final List<String> APPROVERS = List.of("alex", "amir", "fiona");

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	HistoryService historyService;

	Api api;

	ExecutorService clients;

	@BeforeAll
	void setUp() {
		this.api = new Api(this.rest);
		this.clients = Executors.newFixedThreadPool(50);
	}

	@AfterAll
	void tearDown() {
		this.clients.shutdownNow();
	}

	List<Integer> all(int count, java.util.function.IntFunction<Response> request) throws Exception {
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int n = i;
			calls.add(() -> request.apply(n).status());
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> status : this.clients.invokeAll(calls)) {
			statuses.add(status.get());
		}
		return statuses;
	}

	String startInvoice(String businessKey) {
		Response started = this.api.post("clara", "/api/process-definitions/invoice-approval/instances",
				Map.of("businessKey", businessKey, "variables", Map.of("vendor", "ACME Supplies", "invoiceNumber",
						businessKey, "amount", 2500.00, "currency", "EUR", "dueDate", "2026-12-31")));
		assertThat(started.status()).isEqualTo(201);
		return started.text("id");
	}

	String approvalTask(String instanceId) {
		return this.taskService.createTaskQuery()
			.processInstanceId(instanceId)
			.taskDefinitionKey("approveInvoice")
			.singleResult()
			.getId();
	}

	@Test
	void twoHundredConcurrentCompletionsOfOneTaskHaveOneWinner() throws Exception {
		String instanceId = startInvoice("RACE-" + UUID.randomUUID());
		String taskId = approvalTask(instanceId);

		List<Integer> statuses = all(200, (n) -> this.api.post(APPROVERS.get(n % APPROVERS.size()),
				"/api/tasks/" + taskId + "/complete", Map.of("variables", Map.of("approval", "approve"))));

		assertThat(statuses).filteredOn((status) -> status / 100 == 2).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status / 100 != 2).containsOnly(409);
		assertThat(this.historyService.createHistoricTaskInstanceQuery()
			.processInstanceId(instanceId)
			.taskDefinitionKey("approveInvoice")
			.count()).isOne();
		JsonNode instance = this.api.get("clara", "/api/process-instances/" + instanceId).body();
		assertThat(instance.path("history").findValuesAsText("activityId")).containsOnlyOnce("approveInvoice");
	}

	@Test
	void fiftyConcurrentStartsWithOneBusinessKeyMakeOneInstance() throws Exception {
		String businessKey = "RACE-" + UUID.randomUUID();
		Map<String, Object> request = Map.of("businessKey", businessKey, "variables", Map.of("vendor", "ACME",
				"invoiceNumber", businessKey, "amount", 2500.00, "currency", "EUR", "dueDate", "2026-12-31"));

		List<Integer> statuses = all(50,
				(n) -> this.api.post("clara", "/api/process-definitions/invoice-approval/instances", request));

		assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).count())
			.isOne();
	}

	@Test
	void fiftyConcurrentClaimsMakeOneOwner() throws Exception {
		String instanceId = startInvoice("RACE-" + UUID.randomUUID());
		String taskId = approvalTask(instanceId);

		List<Integer> statuses = all(50,
				(n) -> this.api.post(APPROVERS.get(n % APPROVERS.size()), "/api/tasks/" + taskId + "/claim", null));

		String owner = this.taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee();
		assertThat(owner).isIn(APPROVERS);
		// the owner's own repeated claims may succeed; everyone else's are refused
		assertThat(statuses).allMatch((status) -> status / 100 == 2 || status == 409);
		assertThat(statuses).filteredOn((status) -> status / 100 == 2).isNotEmpty();
		assertThat(this.historyService.createHistoricTaskLogEntryQuery()
			.taskId(taskId)
			.type("USER_TASK_ASSIGNEE_CHANGED")
			.count()).as("the task changed hands once").isOne();
	}

}
