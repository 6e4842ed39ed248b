package io.steadyflow.examples.ordersync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.readiness.FileReport;
import io.steadyflow.readiness.ReadinessLinter;
import io.steadyflow.readiness.Severity;
import io.steadyflow.support.Api;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.TestMail;
import io.steadyflow.support.TestSystem;
import io.steadyflow.support.TestSystem.Answer;
import io.steadyflow.support.TestSystem.Received;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.identitylink.api.IdentityLink;
import org.flowable.job.api.Job;
import org.flowable.task.api.Task;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * processes/order-sync.bpmn20.xml on the real engine against two real HTTP servers
 * standing in for system A (order source) and system B (order target): the happy path,
 * every designed exception path, time-outs, retries and incidents. Run on H2 and on
 * PostgreSQL by subclasses.
 */
abstract class OrderSyncScenarios {

	static final TestSystem systemA = new TestSystem("a");

	static final TestSystem systemB = new TestSystem("b");

	static final String CONSISTENT = """
			{"id":"A-7","customer":{"name":"Nordwind GmbH"},"currency":"EUR","total":30.00,
			 "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":10.00},{"sku":"SKU-2","quantity":1,"unitPrice":"10.00"}]}
			""";

	static final String MISMATCHED = """
			{"id":"A-8","customer":{"name":"Kontor AG"},"currency":"EUR","total":99.00,
			 "lines":[{"sku":"SKU-3","quantity":3,"unitPrice":11.00}]}
			""";

	static void registerSystems(DynamicPropertyRegistry registry) {
		TestMail.register(registry);
		registry.add("steadyflow.tools.http.systems.order-source", systemA::baseUrl);
		registry.add("steadyflow.tools.http.systems.order-target", systemB::baseUrl);
		registry.add("steadyflow.tools.http.secrets.order-target", () -> "test-token");
		registry.add("steadyflow.tools.http.timeout", () -> "1s");
	}

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	HistoryService historyService;

	@Autowired
	ManagementService managementService;

	@Autowired
	TestRestTemplate rest;

	@Autowired
	ReadinessLinter linter;

	final ObjectMapper json = new ObjectMapper();

	final TestMail mail = TestMail.get();

	Api api;

	Jobs jobs;

	@BeforeEach
	void setUp() {
		this.jobs = new Jobs(this.managementService);
		this.api = new Api(this.rest);
		systemA.reset();
		systemB.reset();
	}

	@Test
	void passesTheReadinessLinterWithoutFindings() throws Exception {
		FileReport report = this.linter.lint(new BpmnSource("order-sync.bpmn20.xml",
				Files.readAllBytes(Path.of("processes", "order-sync.bpmn20.xml"))));

		assertThat(report.findings(Severity.ERROR)).isEmpty();
		assertThat(report.findings(Severity.WARNING)).isEmpty();
	}

	@Test
	void syncsAConsistentOrderAndMapsTheAnswerIntoVariables() throws Exception {
		systemA.willAnswer("/orders/A-7", Answer.ok(CONSISTENT));
		systemB.willAnswer("/orders", Answer.json(201, "{\"id\":\"B-100\",\"status\":\"accepted\"}"));
		ProcessInstance instance = start("A-7");

		this.jobs.runAll(instance.getId());

		assertEnded(instance, "orderSynced");
		assertThat(variable(instance, "targetOrderId")).isEqualTo("B-100");
		List<Received> posts = systemB.receivedFor(instance.getId());
		assertThat(posts).hasSize(1);
		Received post = posts.get(0);
		assertThat(post.method()).isEqualTo("POST");
		assertThat(post.header("Authorization")).isEqualTo("Bearer test-token");
		assertThat(post.header("Idempotency-Key")).isEqualTo(instance.getId() + ":postOrder");
		JsonNode body = this.json.readTree(post.body());
		assertThat(body.path("externalReference").asText()).isEqualTo("A-7");
		assertThat(body.path("totalAmount").decimalValue()).isEqualByComparingTo("30");
		assertThat(body.path("items")).hasSize(2);
		Received get = systemA.receivedFor(instance.getId()).get(0);
		assertThat(get.method()).isEqualTo("GET");
		assertThat(get.path()).isEqualTo("/orders/A-7");
	}

	@Test
	void endsAsNotFoundWhenSystemADoesNotKnowTheOrder() {
		systemA.willAnswer("/orders/A-404", Answer.status(404));
		ProcessInstance instance = start("A-404");

		this.jobs.runAll(instance.getId());

		assertEnded(instance, "orderNotInSource");
		assertThat(systemB.received()).isEmpty();
	}

	@Test
	void sendsMismatchedDataToAnIntegrationClerkWhoMayPostIt() {
		systemA.willAnswer("/orders/A-8", Answer.ok(MISMATCHED));
		systemB.willAnswer("/orders", Answer.json(201, "{\"id\":\"B-200\"}"));
		ProcessInstance instance = start("A-8");
		this.jobs.runAll(instance.getId());

		Task check = task(instance);
		assertThat(check.getTaskDefinitionKey()).isEqualTo("checkOrderData");
		assertThat(this.taskService.getIdentityLinksForTask(check.getId())).extracting(IdentityLink::getGroupId)
			.contains("integration-clerks");
		assertThat((String) variable(instance, "orderProblems")).contains("does not match the sum of its lines 33");
		assertThat(systemB.received()).isEmpty();

		this.taskService.complete(check.getId(), Map.of("orderCheck", "post"));
		this.jobs.runAll(instance.getId());

		assertEnded(instance, "orderSynced");
		assertThat(variable(instance, "targetOrderId")).isEqualTo("B-200");
	}

	@Test
	void routesARejectionBySystemBToAnIntegrationClerk() {
		systemA.willAnswer("/orders/A-7", Answer.ok(CONSISTENT));
		systemB.willAnswer("/orders", Answer.json(422, "{\"error\":\"customer unknown\"}"));
		ProcessInstance instance = start("A-7");
		this.jobs.runAll(instance.getId());

		Task resolve = task(instance);
		assertThat(resolve.getTaskDefinitionKey()).isEqualTo("resolveTargetRejection");
		assertThat((String) variable(instance, "syncError")).contains("422").contains("customer unknown");
		assertThat(this.jobs.deadLetterCount(instance.getId())).isZero();

		this.taskService.complete(resolve.getId(),
				Map.of("targetFix", "abandon", "targetFixReason", "Customer is being migrated"));

		assertEnded(instance, "postAbandoned");
	}

	@Test
	void retriesAfterATimeoutWithTheSameIdempotencyKey() {
		systemA.willAnswer("/orders/A-7", Answer.ok(CONSISTENT));
		systemB.willAnswer("/orders", Answer.hang(3000), Answer.status(503), Answer.json(201, "{\"id\":\"B-300\"}"));
		ProcessInstance instance = start("A-7");
		runNextJob(instance);
		// the fetch job ran; the post job is next

		RuntimeException timeout = this.jobs.runFailing(instance.getId());
		assertThat(timeout).hasStackTraceContaining("did not answer within 1000 ms");
		Job retry = this.managementService.createTimerJobQuery().processInstanceId(instance.getId()).singleResult();
		assertThat(retry.getExceptionMessage()).contains("did not answer within 1000 ms");
		assertThat(retry.getRetries()).isPositive();

		this.jobs.dueTimers(instance.getId());
		RuntimeException unavailable = this.jobs.runFailing(instance.getId());
		assertThat(unavailable).hasStackTraceContaining("HTTP 503");

		this.jobs.dueTimers(instance.getId());
		this.jobs.runAll(instance.getId());

		assertEnded(instance, "orderSynced");
		assertThat(variable(instance, "targetOrderId")).isEqualTo("B-300");
		List<Received> posts = systemB.receivedFor(instance.getId());
		assertThat(posts).hasSize(3);
		assertThat(posts).extracting((post) -> post.header("Idempotency-Key"))
			.containsOnly(instance.getId() + ":postOrder");
	}

	@Test
	void turnsPersistentServerErrorsIntoAnIncidentThatAnOperatorRetriesAfterRecovery() {
		systemA.willAnswer("/orders/A-7", Answer.ok(CONSISTENT));
		systemB.alwaysAnswer("/orders", Answer.status(500));
		ProcessInstance instance = start("A-7");
		runNextJob(instance);
		String owner = "integration-team@steadyflow.example";
		int mailsBefore = this.mail.receivedBy(owner).size();

		int attempts = 0;
		while (this.jobs.deadLetterCount(instance.getId()) == 0) {
			assertThat(attempts).as("attempts before the incident").isLessThan(10);
			this.jobs.dueTimers(instance.getId());
			assertThat(this.jobs.runFailing(instance.getId())).hasStackTraceContaining("HTTP 500");
			attempts++;
		}
		assertThat(attempts).isGreaterThanOrEqualTo(3);
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
			.as("the instance waits at the incident")
			.isOne();

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.mail.receivedBy(owner).size() > mailsBefore);
		List<TestMail.Mail> mails = this.mail.receivedBy(owner);
		assertThat(mails).hasSize(mailsBefore + 1);
		TestMail.Mail incidentMail = mails.get(mails.size() - 1);
		assertThat(incidentMail.subject()).contains("Order sync").contains("Post order to system B");
		assertThat(incidentMail.body()).contains("/instances/" + instance.getId()).contains("HTTP 500");

		Api.Response list = this.api.get("otto", "/api/incidents?processInstanceId=" + instance.getId());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).hasSize(1);
		JsonNode incident = list.body().get(0);
		assertThat(incident.path("processDefinitionKey").asText()).isEqualTo("order-sync");
		assertThat(incident.path("activityId").asText()).isEqualTo("postOrder");
		assertThat(incident.path("businessKey").asText()).startsWith("order-A-7");
		assertThat(incident.path("errorMessage").asText()).contains("HTTP 500");
		assertThat(incident.path("retriesLeft").asInt()).isZero();
		assertThat(incident.path("time").isMissingNode()).isFalse();
		String incidentId = incident.path("id").asText();
		ResponseEntity<String> stacktrace = this.rest.withBasicAuth("otto", "demo")
			.getForEntity("/api/incidents/" + incidentId + "/stacktrace", String.class);
		assertThat(stacktrace.getStatusCode().value()).isEqualTo(200);
		assertThat(stacktrace.getBody()).contains("ToolFailure").contains("HTTP 500");
		assertThat(this.api.post("clara", "/api/incidents/" + incidentId + "/retry", Map.of("retries", 2)).status())
			.isEqualTo(403);

		systemB.alwaysAnswer("/orders", Answer.json(201, "{\"id\":\"B-500\"}"));
		Api.Response retried = this.api.post("otto", "/api/incidents/" + incidentId + "/retry", Map.of("retries", 2));
		assertThat(retried.status()).isEqualTo(200);
		assertThat(this.jobs.deadLetterCount(instance.getId())).isZero();
		this.jobs.runAll(instance.getId());

		assertEnded(instance, "orderSynced");
		assertThat(variable(instance, "targetOrderId")).isEqualTo("B-500");
		List<Received> posts = systemB.receivedFor(instance.getId());
		assertThat(posts).hasSize(attempts + 1);
		assertThat(posts).extracting((post) -> post.header("Idempotency-Key"))
			.containsOnly(instance.getId() + ":postOrder");
		assertThat(this.mail.receivedBy(owner)).as("one mail per incident").hasSize(mailsBefore + 1);
	}

	ProcessInstance start(String orderId) {
		return this.runtimeService.startProcessInstanceByKey("order-sync", "order-" + orderId + "-" + System.nanoTime(),
				Map.of("orderId", orderId));
	}

	void runNextJob(ProcessInstance instance) {
		Job job = this.managementService.createJobQuery().processInstanceId(instance.getId()).singleResult();
		this.managementService.executeJob(job.getId());
	}

	Task task(ProcessInstance instance) {
		return this.taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
	}

	Object variable(ProcessInstance instance, String name) {
		return this.historyService.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName(name)
			.singleResult()
			.getValue();
	}

	void assertEnded(ProcessInstance instance, String endEvent) {
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
			.as("instance still running")
			.isZero();
		List<String> ends = this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.activityType("endEvent")
			.list()
			.stream()
			.map(HistoricActivityInstance::getActivityId)
			.toList();
		assertThat(ends).containsExactly(endEvent);
	}

}
