package io.steadyflow.system;

import java.math.BigDecimal;
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
import io.steadyflow.support.TestBpmn;
import io.steadyflow.support.TestErp;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steadyflow's REST API end to end over HTTP: deployments, definitions, instances, tasks,
 * their error answers and who may do what. Run on H2 and on PostgreSQL by subclasses.
 */
abstract class ApiScenarios {

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.rest);
		TestErp.get().reset();
	}

	@Test
	void onlyAuthorsAndAdminsMayDeploy() {
		String key = uniqueKey();
		Map<String, byte[]> file = Map.of(key + ".bpmn20.xml",
				TestBpmn.bytes(TestBpmn.userTaskProcess(key, "Review", "approvers")));

		assertThat(this.api.deploy(null, file).status()).isEqualTo(401);
		Response asWorker = this.api.deploy("clara", file);
		assertThat(asWorker.status()).isEqualTo(403);
		assertThat(asWorker.text("detail")).contains("POST /api/deployments");
		assertThat(this.api.get("ada", "/api/process-definitions/" + key).status()).isEqualTo(404);

		Response asAuthor = this.api.deploy("ada", file);
		assertThat(asAuthor.status()).isEqualTo(201);
		assertThat(asAuthor.body().path("processDefinitions").get(0).path("key").asText()).isEqualTo(key);
		assertThat(asAuthor.body().path("processDefinitions").get(0).path("version").asInt()).isEqualTo(1);
		assertThat(this.api.deploy("admin", file).status()).isEqualTo(201);
	}

	@Test
	void unchangedFileCreatesNoNewVersionAndChangedFileDoes() {
		String key = uniqueKey();
		String fileName = key + ".bpmn20.xml";
		byte[] first = TestBpmn.bytes(TestBpmn.userTaskProcess(key, "Review", "approvers"));
		byte[] changed = TestBpmn.bytes(TestBpmn.userTaskProcess(key, "Review carefully", "approvers"));

		assertThat(this.api.deploy("ada", Map.of(fileName, first)).body().path("newVersion").asBoolean()).isTrue();
		Response again = this.api.deploy("ada", Map.of(fileName, first));
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.body().path("newVersion").asBoolean()).isFalse();
		assertThat(again.body().path("processDefinitions").get(0).path("version").asInt()).isEqualTo(1);

		Response second = this.api.deploy("ada", Map.of(fileName, changed));
		assertThat(second.body().path("processDefinitions").get(0).path("version").asInt()).isEqualTo(2);

		Response versions = this.api.get("clara", "/api/process-definitions/" + key + "/versions");
		assertThat(versions.status()).isEqualTo(200);
		assertThat(versions.body().findValuesAsText("version")).containsExactly("2", "1");
		assertThat(this.api.get("clara", "/api/process-definitions/" + key).body().path("version").asInt())
			.isEqualTo(2);
		assertThat(this.api.get("clara", "/api/process-definitions").body().findValuesAsText("key")).contains(key,
				"invoice-approval");
	}

	@Test
	void repeatedFailedSignInsAreRefusedForAWhileWithoutCheckingThePassword() {
		String account = "mallory-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 5; i++) {
			var answer = this.rest.withBasicAuth(account, "guess-" + i).getForEntity("/api/tasks", String.class);
			assertThat(answer.getStatusCode().value()).isEqualTo(401);
			assertThat(answer.getBody()).contains("Sign in with HTTP Basic authentication");
		}
		var refused = this.rest.withBasicAuth(account, "guess-5").getForEntity("/api/tasks", String.class);
		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isBetween(1L, 61L);
		assertThat(refused.getBody()).contains("Too many failed sign-ins");
		assertThat(this.api.get("clara", "/api/tasks").status()).as("other accounts from the same address")
			.isEqualTo(200);
	}

	@Test
	void concurrentUploadsOfOneNewFileMakeOneVersionAndNoError() throws Exception {
		String key = uniqueKey();
		Map<String, byte[]> file = Map.of(key + ".bpmn20.xml",
				TestBpmn.bytes(TestBpmn.userTaskProcess(key, "Review", "approvers")));
		ExecutorService clients = Executors.newFixedThreadPool(10);
		List<Future<Response>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				answers.add(clients.submit(() -> this.api.deploy("ada", file)));
			}
			List<Response> responses = new ArrayList<>();
			for (Future<Response> answer : answers) {
				responses.add(answer.get());
			}
			assertThat(responses).extracting(Response::status).containsOnly(201);
			assertThat(responses).filteredOn((response) -> response.body().path("newVersion").asBoolean()).hasSize(1);
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(
				this.api.get("ada", "/api/process-definitions/" + key + "/versions").body().findValuesAsText("version"))
			.containsExactly("1");
	}

	@Test
	void zipDeploysAllItsFilesTogether() {
		String one = uniqueKey();
		String two = uniqueKey();
		byte[] zip = TestBpmn
			.zip(Map.of("models/" + one + ".bpmn", TestBpmn.bytes(TestBpmn.userTaskProcess(one, "A", "approvers")),
					two + ".bpmn20.xml", TestBpmn.bytes(TestBpmn.userTaskProcess(two, "B", "approvers"))));

		Response response = this.api.deploy("ada", Map.of("bundle.zip", zip));

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.body().path("processDefinitions").findValuesAsText("key")).containsExactlyInAnyOrder(one,
				two);
	}

	@Test
	void requestWithOneBrokenFileDeploysNothing() {
		String key = uniqueKey();
		Response response = this.api.deployFiles("ada",
				List.of(Map.entry(key + ".bpmn20.xml", TestBpmn.bytes(TestBpmn.userTaskProcess(key, "A", "approvers"))),
						Map.entry("broken.bpmn", TestBpmn.bytes("<definitions><process id='x'>"))));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("broken.bpmn").contains("Nothing was deployed");
		assertThat(this.api.get("ada", "/api/process-definitions/" + key).status()).isEqualTo(404);
	}

	@Test
	void processThatIsNotProductionReadyIsRefusedWithItsFindings() {
		String key = uniqueKey();
		String ownerless = TestBpmn.userTaskProcess(key, "Review", "approvers").replace("sf:owner=\"test-team\"", "");

		Response response = this.api.deploy("ada", Map.of(key + ".bpmn20.xml", TestBpmn.bytes(ownerless)));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.text("detail")).contains("Nothing was deployed").contains(key + ".bpmn20.xml");
		JsonNode finding = response.body().path("files").get(0).path("findings").get(0);
		assertThat(finding.path("rule").asText()).isEqualTo("owner");
		assertThat(finding.path("severity").asText()).isEqualTo("error");
		assertThat(finding.path("processId").asText()).isEqualTo(key);
		assertThat(finding.path("hint").asText()).isNotBlank();
		assertThat(this.api.get("ada", "/api/process-definitions/" + key).status()).isEqualTo(404);

		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new ByteArrayResource(TestBpmn.bytes(ownerless)) {
			@Override
			public String getFilename() {
				return "ownerless.bpmn20.xml";
			}
		});
		Response viaFlowable = this.api.exchange("admin", HttpMethod.POST, "/process-api/repository/deployments", form,
				MediaType.MULTIPART_FORM_DATA);
		assertThat(viaFlowable.status()).as("no route around the gate").isEqualTo(422);
		assertThat(this.api.get("ada", "/api/process-definitions/" + key).status()).isEqualTo(404);
	}

	@Test
	void readinessWarningsComeBackWithTheDeployment() {
		String key = uniqueKey();
		String noDueDate = TestBpmn.userTaskProcess(key, "Review", "approvers")
			.replace(" flowable:dueDate=\"P1D\"", "");

		Response response = this.api.deploy("ada", Map.of(key + ".bpmn20.xml", TestBpmn.bytes(noDueDate)));

		assertThat(response.status()).isEqualTo(201);
		JsonNode finding = response.body().path("warnings").get(0).path("findings").get(0);
		assertThat(finding.path("rule").asText()).isEqualTo("late-human-step");
		assertThat(finding.path("severity").asText()).isEqualTo("warning");
		assertThat(finding.path("elementId").asText()).isEqualTo("reviewTask");
	}

	@Test
	void startingAnUnknownProcessIsNotFound() {
		Response response = this.api.post("clara", "/api/process-definitions/no-such-process/instances", Map.of());
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.text("detail")).contains("no-such-process");
	}

	@Test
	void aBusinessKeyStartsAtMostOneInstance() {
		String businessKey = "INV-" + UUID.randomUUID();
		Map<String, Object> request = Map.of("businessKey", businessKey, "variables", invoice("2500.00"));

		Response first = this.api.post("clara", "/api/process-definitions/invoice-approval/instances", request);
		Response second = this.api.post("clara", "/api/process-definitions/invoice-approval/instances", request);

		assertThat(first.status()).isEqualTo(201);
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.text("processInstanceId")).isEqualTo(first.text("id"));
		assertThat(second.headers().getLocation()).hasToString("/api/process-instances/" + first.text("id"));
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).count())
			.isEqualTo(1);
	}

	@Test
	void concurrentStartsWithOneBusinessKeyCreateOneInstance() throws Exception {
		String businessKey = "INV-" + UUID.randomUUID();
		Map<String, Object> request = Map.of("businessKey", businessKey, "variables", invoice("2500.00"));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> starts = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				starts.add(() -> this.api.post("clara", "/api/process-definitions/invoice-approval/instances", request)
					.status());
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> status : pool.invokeAll(starts)) {
				statuses.add(status.get());
			}
			assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).count())
			.isEqualTo(1);
	}

	@Test
	void tasksAreSeenClaimedAndCompletedOnlyByEntitledPeople() {
		String instanceId = startInvoice("2500.00");
		String taskId = taskOf("alex", instanceId);
		assertThat(this.api.get("clara", "/api/tasks").body().findValuesAsText("processInstanceId"))
			.doesNotContain(instanceId);
		assertThat(this.api.get("amir", "/api/tasks").body().findValuesAsText("id")).contains(taskId);

		Response clerkCompletes = this.api.post("clara", "/api/tasks/" + taskId + "/complete",
				Map.of("variables", Map.of("approval", "approve")));
		assertThat(clerkCompletes.status()).isEqualTo(403);
		assertThat(this.api.post("clara", "/api/tasks/" + taskId + "/claim", null).status()).isEqualTo(403);

		Response claimed = this.api.post("alex", "/api/tasks/" + taskId + "/claim", null);
		assertThat(claimed.status()).isEqualTo(200);
		assertThat(claimed.text("assignee")).isEqualTo("alex");
		assertThat(this.api.post("amir", "/api/tasks/" + taskId + "/claim", null).text("detail"))
			.contains("already claimed by alex");
		assertThat(this.api
			.post("amir", "/api/tasks/" + taskId + "/complete", Map.of("variables", Map.of("approval", "approve")))
			.status()).isEqualTo(403);
		assertThat(this.api.get("amir", "/api/tasks").body().findValuesAsText("id")).doesNotContain(taskId);

		assertThat(this.api
			.post("alex", "/api/tasks/" + taskId + "/complete", Map.of("variables", Map.of("approval", "approve")))
			.status()).isEqualTo(204);
		Response again = this.api.post("alex", "/api/tasks/" + taskId + "/complete",
				Map.of("variables", Map.of("approval", "approve")));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.text("detail")).contains("already completed by alex");
		assertThat(this.api.post("alex", "/api/tasks/no-such-task/complete", Map.of()).status()).isEqualTo(404);
	}

	@Test
	void rejectionWithoutReasonIsRefusedWithAClearMessage() {
		String instanceId = startInvoice("2500.00");
		String taskId = taskOf("alex", instanceId);

		Response response = this.api.post("alex", "/api/tasks/" + taskId + "/complete",
				Map.of("variables", Map.of("approval", "reject")));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("A reason is required to reject").contains("approvalReason");
		assertThat(taskOf("alex", instanceId)).as("the task is still open").isEqualTo(taskId);
		assertThat(this.api.get("alex", "/api/tasks/" + taskId).text("assignee"))
			.as("the implicit claim was rolled back too")
			.isEmpty();
	}

	@Test
	void instanceShowsWhoDecidedWhatAndWhy() {
		String instanceId = startInvoice("2500.00");
		String taskId = taskOf("alex", instanceId);
		this.api.post("alex", "/api/tasks/" + taskId + "/complete",
				Map.of("variables", Map.of("approval", "reject", "approvalReason", "Duplicate of INV-7")));

		Response instance = this.api.get("clara", "/api/process-instances/" + instanceId);

		assertThat(instance.status()).isEqualTo(200);
		assertThat(instance.text("state")).isEqualTo("completed");
		assertThat(instance.text("startedBy")).isEqualTo("clara");
		assertThat(instance.body().path("variables").path("vendor").asText()).isEqualTo("ACME Supplies");
		JsonNode decision = step(instance.body(), "approveInvoice");
		assertThat(decision.path("completedBy").asText()).isEqualTo("alex");
		assertThat(decision.path("outcome").asText()).isEqualTo("reject");
		assertThat(decision.path("reason").asText()).isEqualTo("Duplicate of INV-7");
		assertThat(decision.path("endTime").isMissingNode()).isFalse();
		assertThat(instance.body().path("history").findValuesAsText("activityId")).containsSubsequence(
				"invoiceReceived", "validateInvoice", "amountCheck", "approveInvoice", "approvalDecision",
				"invoiceRejected");
	}

	@Test
	void runningInstanceShowsWhereItWaits() {
		String instanceId = startInvoice("2500.00");

		Response instance = this.api.get("alex", "/api/process-instances/" + instanceId);

		assertThat(instance.text("state")).isEqualTo("running");
		assertThat(instance.body().path("currentActivities").findValuesAsText("activityId"))
			.containsExactly("approveInvoice");
		assertThat(instance.body().path("openTasks").findValuesAsText("taskDefinitionKey"))
			.containsExactly("approveInvoice");
	}

	@Test
	void tasksCanBeListedForOneInstance() {
		String first = startInvoice("2500.00");
		String second = startInvoice("3500.00");

		JsonNode tasks = this.api.get("alex", "/api/tasks?processInstanceId=" + second).body();

		assertThat(tasks.findValuesAsText("processInstanceId")).containsExactly(second);
		assertThat(this.api.get("alex", "/api/tasks?processInstanceId=" + first)
			.body()
			.findValuesAsText("processInstanceId")).containsExactly(first);
		assertThat(this.api.get("clara", "/api/tasks?processInstanceId=" + second).body()).isEmpty();
	}

	@Test
	void instancesAreHiddenFromPeopleNotInvolved() {
		String instanceId = startInvoice("2500.00");

		assertThat(this.api.get("ada", "/api/process-instances/" + instanceId).status()).isEqualTo(403);
		assertThat(this.api.get("otto", "/api/process-instances/" + instanceId).status()).isEqualTo(200);
		assertThat(this.api.get("otto", "/api/process-instances/does-not-exist").status()).isEqualTo(404);
	}

	@Test
	void badVariablesAreRefused() {
		Response badName = this.api.post("clara", "/api/process-definitions/invoice-approval/instances",
				Map.of("variables", Map.of("not valid!", 1)));
		assertThat(badName.status()).isEqualTo(400);
		assertThat(badName.text("detail")).contains("not valid!");

		Response notJson = this.api.exchange("clara", HttpMethod.POST,
				"/api/process-definitions/invoice-approval/instances", "{not json", MediaType.APPLICATION_JSON);
		assertThat(notJson.status()).isEqualTo(400);
	}

	@Test
	void flowableRestApiIsForAdminsOnly() {
		assertThat(this.api.get("clara", "/process-api/repository/process-definitions").status()).isEqualTo(403);
		assertThat(this.api.get("ada", "/process-api/repository/process-definitions").status()).isEqualTo(403);
		Response asAdmin = this.api.get("admin", "/process-api/repository/process-definitions?key=invoice-approval");
		assertThat(asAdmin.status()).isEqualTo(200);
		assertThat(asAdmin.body().path("data").findValuesAsText("key")).contains("invoice-approval");
	}

	@Test
	void flowableRestApiRefusesJavaSerializedVariables() {
		String instanceId = startInvoice("2500.00");
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new ByteArrayResource(new byte[] { (byte) 0xac, (byte) 0xed, 0, 5 }) {
			@Override
			public String getFilename() {
				return "payload.ser";
			}
		});
		form.add("name", "payload");
		form.add("type", "serializable");

		Response response = this.api.exchange("admin", HttpMethod.POST,
				"/process-api/runtime/process-instances/" + instanceId + "/variables", form,
				MediaType.MULTIPART_FORM_DATA);

		assertThat(response.status()).isBetween(400, 499);
		assertThat(this.runtimeService.hasVariable(instanceId, "payload")).isFalse();
	}

	@Test
	void flowableRestApiAnswersInvalidBpmnWithBadRequest() {
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new ByteArrayResource(TestBpmn.bytes(
				"<definitions xmlns='http://www.omg.org/spec/BPMN/20100524/MODEL'><process id='p'><startEvent id='s'/><sequenceFlow id='f' sourceRef='s' targetRef='nowhere'/></process></definitions>")) {
			@Override
			public String getFilename() {
				return "invalid.bpmn20.xml";
			}
		});

		Response response = this.api.exchange("admin", HttpMethod.POST, "/process-api/repository/deployments", form,
				MediaType.MULTIPART_FORM_DATA);

		assertThat(response.status()).isBetween(400, 422);
		assertThat(response.body().toString()).doesNotContain("Exception\\n\\tat");
	}

	@Test
	void openApiDescribesTheApi() {
		Response docs = this.api.get(null, "/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.body().path("paths").has("/api/deployments")).isTrue();
		assertThat(docs.body().path("paths").has("/api/process-definitions/{key}/instances")).isTrue();
		assertThat(docs.body().path("paths").has("/api/tasks/{id}/complete")).isTrue();
	}

	String startInvoice(String amount) {
		Response started = this.api.post("clara", "/api/process-definitions/invoice-approval/instances",
				Map.of("businessKey", "INV-" + UUID.randomUUID(), "variables", invoice(amount)));
		assertThat(started.status()).isEqualTo(201);
		return started.text("id");
	}

	String taskOf(String user, String instanceId) {
		for (JsonNode task : this.api.get(user, "/api/tasks?processKey=invoice-approval&size=500").body()) {
			if (instanceId.equals(task.path("processInstanceId").asText())) {
				return task.path("id").asText();
			}
		}
		throw new AssertionError("No task of instance " + instanceId + " for " + user);
	}

	static JsonNode step(JsonNode instance, String activityId) {
		for (JsonNode step : instance.path("history")) {
			if (activityId.equals(step.path("activityId").asText())) {
				return step;
			}
		}
		throw new AssertionError("No step " + activityId + " in " + instance);
	}

	static Map<String, Object> invoice(String amount) {
		return Map.of("vendor", "ACME Supplies", "invoiceNumber", "INV-" + UUID.randomUUID(), "amount",
				new BigDecimal(amount), "currency", "EUR", "dueDate", "2026-12-31");
	}

	static String uniqueKey() {
		return "test-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
