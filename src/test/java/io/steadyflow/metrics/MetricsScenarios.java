package io.steadyflow.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.operations.InstanceEnded;
import io.steadyflow.operations.SlaBreached;
import io.steadyflow.support.Api;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.PrometheusScrape;
import io.steadyflow.support.TestBpmn;
import io.steadyflow.support.TestMail;
import io.steadyflow.support.TestSystem;
import io.steadyflow.support.TestSystem.Answer;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steadyflow's metrics through a real scrape of {@code /actuator/prometheus} over HTTP,
 * parsed as the Prometheus text format, after real work on the real engine: counters move
 * by exactly what happened (a rolled-back attempt counts nothing but its failure), and
 * the actuator endpoints answer who may read them. Run on H2 and on PostgreSQL by
 * subclasses; each figure is compared before and after, so the tests do not depend on
 * each other.
 */
abstract class MetricsScenarios {

	static final String PROBE = "metrics-probe";

	static final String CHILD = "metrics-probe-child";

	static final String TASKS = "metrics-task";

	static final String MAIL = "metrics-mail";

	static final TestSystem probeSystem = new TestSystem("probe");

	@DynamicPropertySource
	static void metricsProperties(DynamicPropertyRegistry registry) {
		registry.add("steadyflow.tools.http.systems." + PROBE, probeSystem::baseUrl);
		registry.add("steadyflow.tools.http.timeout", () -> "2s");
		TestMail.register(registry);
		// Gauges are counted at every scrape here, so that a test sees its own change.
		registry.add("steadyflow.metrics.gauge-refresh", () -> "0s");
	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	ManagementService managementService;

	@Autowired
	ApplicationEventPublisher events;

	Api api;

	Jobs jobs;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.rest);
		this.jobs = new Jobs(this.managementService);
		probeSystem.reset();
		if (this.repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROBE).count() == 0) {
			Api.Response deployed = this.api.deployFiles("ada",
					List.of(Map.entry(PROBE + ".bpmn20.xml", TestBpmn.bytes(probeProcess())),
							Map.entry(CHILD + ".bpmn20.xml", TestBpmn.bytes(childProcess())),
							Map.entry(MAIL + ".bpmn20.xml", TestBpmn.bytes(mailProcess())),
							Map.entry(TASKS + ".bpmn20.xml",
									TestBpmn.bytes(TestBpmn.userTaskProcess(TASKS, "Review", "approvers")))));
			assertThat(deployed.status()).as(deployed.body().toString()).isEqualTo(201);
		}
	}

	// --- access ---

	@Test
	void prometheusIsForTheMonitorOperatorsAndAdminsAndAProblemForEveryoneElse() {
		ResponseEntity<String> anonymous = scrapeAs(null);
		assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
		assertThat(anonymous.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		assertThat(anonymous.getHeaders().getLocation()).as("no redirect to the login page").isNull();
		assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
		assertThat(anonymous.getBody()).contains("\"status\":401");

		ResponseEntity<String> worker = scrapeAs("clara");
		assertThat(worker.getStatusCode().value()).isEqualTo(403);
		assertThat(worker.getHeaders().getContentType().toString()).startsWith("application/problem+json");

		for (String user : List.of("prometheus", "otto", "admin")) {
			ResponseEntity<String> allowed = scrapeAs(user);
			assertThat(allowed.getStatusCode().value()).as(user).isEqualTo(200);
			assertThat(allowed.getBody()).as(user).contains("# TYPE steadyflow_tasks_open gauge");
		}
		// The scrape account reads metrics and nothing else.
		assertThat(this.api.get("prometheus", "/actuator/metrics").status()).isEqualTo(403);
		assertThat(this.api.get("prometheus", "/api/tasks").status())
			.isEqualTo(200 /* signed in, sees none */);
		assertThat(this.api.get("prometheus", "/api/tasks").body()).isEmpty();
	}

	@Test
	void healthShowsTheStatusToEveryoneAndTheDetailsToOperatorsAndAdmins() {
		Api.Response anonymous = this.api.get(null, "/actuator/health");
		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.text("status")).isEqualTo("UP");
		assertThat(anonymous.body().has("components")).isFalse();
		assertThat(this.api.get("clara", "/actuator/health").body().has("components")).isFalse();
		assertThat(this.api.get("prometheus", "/actuator/health").body().has("components")).isFalse();

		for (String user : List.of("otto", "admin")) {
			JsonNode health = this.api.get(user, "/actuator/health").body();
			JsonNode engine = health.path("components").path("engine");
			assertThat(engine.path("status").asText()).as(user).isEqualTo("UP");
			assertThat(engine.path("details").has("asyncExecutorRunning")).isTrue();
			assertThat(engine.path("details").path("deadLetterJobs").isNumber()).isTrue();
			assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
		}
	}

	// --- counters ---

	@Test
	void userTasksAreMeasuredOnceFromCreationToFirstClaimAndToCompletion() {
		PrometheusScrape before = scrape();
		String first = start(TASKS);
		String second = start(TASKS);
		Task firstTask = task(first);
		Task secondTask = task(second);
		// overdue: a due date in the past
		this.taskService.setDueDate(firstTask.getId(), Date.from(Instant.now().minus(Duration.ofHours(1))));

		PrometheusScrape started = scrape();
		assertThat(delta(before, started, "steadyflow_process_instances_started_total", "process", TASKS)).isEqualTo(2);
		assertThat(delta(before, started, "steadyflow_tasks_open")).isEqualTo(2);
		assertThat(delta(before, started, "steadyflow_tasks_overdue")).isEqualTo(1);

		// claimed, released, claimed again by someone else, completed: one wait, one
		// duration
		assertThat(this.api.post("alex", "/api/tasks/" + firstTask.getId() + "/claim", null).status()).isEqualTo(200);
		assertThat(this.api.post("alex", "/api/tasks/" + firstTask.getId() + "/unclaim", null).status()).isBetween(200,
				204);
		assertThat(this.api.post("amir", "/api/tasks/" + firstTask.getId() + "/claim", null).status()).isEqualTo(200);
		assertThat(this.api.post("amir", "/api/tasks/" + firstTask.getId() + "/complete", Map.of()).status())
			.isBetween(200, 204);
		// completed without a claim (Java API): it waited until its completion
		this.taskService.complete(secondTask.getId());

		PrometheusScrape after = scrape();
		Map<String, String> review = Map.of("process", TASKS, "activity", "reviewTask");
		assertThat(delta(before, after, "steadyflow_user_task_wait_seconds_count", review)).isEqualTo(2);
		assertThat(delta(before, after, "steadyflow_user_task_duration_seconds_count", review)).isEqualTo(2);
		assertThat(delta(before, after, "steadyflow_tasks_open")).isEqualTo(0);
		assertThat(delta(before, after, "steadyflow_tasks_overdue")).isEqualTo(0);
		assertThat(delta(before, after, "steadyflow_process_instances_started_total", "process", TASKS)).isEqualTo(2);
	}

	@Test
	void endedInstancesAndServiceLevelBreachesAreCountedByOutcomeClass() {
		PrometheusScrape before = scrape();
		int version = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(TASKS)
			.latestVersion()
			.singleResult()
			.getVersion();
		// The operations capability publishes these after the ending transaction commits.
		this.events.publishEvent(new InstanceEnded(TASKS, version, "done", "reviewed", Duration.ofMinutes(3)));
		this.events.publishEvent(new InstanceEnded(TASKS, version, "done", "reviewed", Duration.ofSeconds(20)));
		this.events.publishEvent(new InstanceEnded(TASKS, version, "rejected", "rejected", Duration.ofHours(2)));
		this.events.publishEvent(new InstanceEnded(TASKS, version, "cancelled", null, Duration.ofDays(2)));
		this.events.publishEvent(new SlaBreached(TASKS, version, "reviewTask"));
		this.events.publishEvent(new SlaBreached(TASKS, version, null));

		PrometheusScrape after = scrape();
		String ended = "steadyflow_process_instances_ended_total";
		String v = Integer.toString(version);
		assertThat(delta(before, after, ended, Map.of("process", TASKS, "version", v, "outcome", "done"))).isEqualTo(2);
		assertThat(delta(before, after, ended, Map.of("process", TASKS, "outcome", "rejected"))).isEqualTo(1);
		assertThat(delta(before, after, ended, Map.of("process", TASKS, "outcome", "cancelled"))).isEqualTo(1);
		String histogram = "steadyflow_process_instance_duration_seconds";
		Map<String, String> done = Map.of("process", TASKS, "outcome", "done");
		assertThat(delta(before, after, histogram + "_count", done)).isEqualTo(2);
		assertThat(delta(before, after, histogram + "_sum", done)).isCloseTo(200,
				org.assertj.core.data.Offset.offset(1e-6));
		assertThat(delta(before, after, histogram + "_bucket", with(done, "le", "60.0"))).isEqualTo(1);
		assertThat(delta(before, after, histogram + "_bucket", with(done, "le", "300.0"))).isEqualTo(2);
		assertThat(delta(before, after, "steadyflow_sla_breaches_total",
				Map.of("process", TASKS, "activity", "reviewTask")))
			.isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_sla_breaches_total", Map.of("process", TASKS, "activity", "none")))
			.isEqualTo(1);
	}

	/**
	 * The same through the real path: instances run to their end events, and the
	 * operations capability publishes {@link InstanceEnded} once per instance.
	 */
	@Test
	void instancesRunToTheirEndAreCountedByTheOutcomeOfTheirEndEvent() {
		probeSystem.willAnswer("/probe", Answer.ok("{}"), Answer.status(404));
		PrometheusScrape before = scrape();
		String done = start(TASKS);
		this.taskService.complete(task(done).getId());
		String answered = start(PROBE);
		this.jobs.runAll(answered);
		String refused = start(PROBE);
		this.jobs.runAll(refused);

		PrometheusScrape after = scrape();
		String ended = "steadyflow_process_instances_ended_total";
		assertThat(delta(before, after, ended, Map.of("process", TASKS, "outcome", "done"))).isEqualTo(1);
		assertThat(delta(before, after, ended, Map.of("process", PROBE, "outcome", "done"))).isEqualTo(1);
		assertThat(delta(before, after, ended, Map.of("process", PROBE, "outcome", "failed"))).isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_process_instance_duration_seconds_count", "process", PROBE))
			.isEqualTo(2);
	}

	@Test
	void aFailedAttemptCountsItsFailureAndNothingOfTheWorkItRolledBack() {
		probeSystem.willAnswer("/probe", Answer.status(503), Answer.ok("{\"ok\":true}"));
		PrometheusScrape before = scrape();
		String id = start(PROBE);

		RuntimeException failure = this.jobs.runFailing(id);
		assertThat(failure).hasStackTraceContaining("503");
		PrometheusScrape failed = scrape();
		assertThat(delta(before, failed, "steadyflow_process_instances_started_total", "process", PROBE)).isEqualTo(1);
		assertThat(delta(before, failed, "steadyflow_job_failures_total", "process", PROBE)).isEqualTo(1);
		assertThat(delta(before, failed, "steadyflow_tool_calls_total", Map.of("system", PROBE, "result", "failed")))
			.isEqualTo(1);
		// the child instance was started in the attempt that rolled back: not counted
		assertThat(delta(before, failed, "steadyflow_process_instances_started_total", "process", CHILD)).isEqualTo(0);

		this.jobs.dueTimers(id);
		this.jobs.runAll(id);
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
		PrometheusScrape after = scrape();
		assertThat(delta(before, after, "steadyflow_process_instances_started_total", "process", PROBE)).isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_process_instances_started_total", "process", CHILD)).isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_job_failures_total", "process", PROBE)).isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_tool_calls_total", Map.of("system", PROBE, "result", "success")))
			.isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_tool_call_duration_seconds_count", "system", PROBE)).isEqualTo(2);
		// never the URL as a label
		assertThat(after.samples()).noneMatch((sample) -> sample.labels()
			.values()
			.stream()
			.anyMatch((value) -> value.contains(probeSystem.baseUrl())));
	}

	@Test
	void aMailIsCountedAsAToolCallOnceItIsSentAfterCommit() {
		PrometheusScrape before = scrape();
		String id = start(MAIL);
		assertThat(delta(before, scrape(), "steadyflow_tool_calls_total", "system", "mail")).isEqualTo(0);
		this.jobs.runAll(id);
		PrometheusScrape after = scrape();
		assertThat(delta(before, after, "steadyflow_tool_calls_total", Map.of("system", "mail", "result", "success")))
			.isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_tool_call_duration_seconds_count", "system", "mail")).isEqualTo(1);
		assertThat(TestMail.get().receivedBy("probe@steadyflow.example")).isNotEmpty();
	}

	@Test
	void aRefusalIsCountedAsRefusedAndAJobOutOfRetriesIsAnOpenIncident() {
		probeSystem.willAnswer("/probe", Answer.status(404));
		PrometheusScrape before = scrape();
		String refused = start(PROBE);
		this.jobs.runAll(refused);
		assertThat(delta(before, scrape(), "steadyflow_tool_calls_total", Map.of("system", PROBE, "result", "refused")))
			.isEqualTo(1);

		probeSystem.alwaysAnswer("/probe", Answer.status(500));
		String broken = start(PROBE);
		int attempts = 0;
		while (this.jobs.deadLetterCount(broken) == 0 && attempts < 10) {
			this.jobs.runFailing(broken);
			attempts++;
			this.jobs.dueTimers(broken);
		}
		PrometheusScrape after = scrape();
		assertThat(delta(before, after, "steadyflow_job_failures_total", "process", PROBE)).isEqualTo(attempts);
		assertThat(delta(before, after, "steadyflow_incidents_open")).isEqualTo(1);
		this.runtimeService.deleteProcessInstance(broken, "test done");
		assertThat(delta(before, scrape(), "steadyflow_incidents_open")).isEqualTo(0);
	}

	@Test
	void aTriagedTicketCountsTheUnsureSuggestionAndWhetherThePersonKeptIt() {
		PrometheusScrape before = scrape();
		String overruled = unsureTicketTriagedAs((suggested) -> otherTeam(suggested));
		String kept = unsureTicketTriagedAs((suggested) -> suggested);

		PrometheusScrape after = scrape();
		assertThat(delta(before, after, "steadyflow_ai_suggestions_total",
				Map.of("process", "ticket-triage", "activity", "classifyTicket", "sure", "false")))
			.isEqualTo(2);
		Map<String, String> triage = Map.of("process", "ticket-triage", "activity", "triageTicket");
		assertThat(delta(before, after, "steadyflow_ai_human_decisions_total", with(triage, "agreed", "false")))
			.as(overruled)
			.isEqualTo(1);
		assertThat(delta(before, after, "steadyflow_ai_human_decisions_total", with(triage, "agreed", "true"))).as(kept)
			.isEqualTo(1);
	}

	/**
	 * Starts an unsure ticket, lets a triage person choose the team and returns the
	 * chosen team.
	 */
	String unsureTicketTriagedAs(java.util.function.UnaryOperator<String> choice) {
		Api.Response started = this.api.post("maria", "/api/process-definitions/ticket-triage/instances",
				Map.of("variables", Map.of("subject", "Question", "body",
						"Hi, can somebody call me back about our account? Thanks", "customer", "ACME")));
		assertThat(started.status()).isEqualTo(201);
		String id = started.text("id");
		this.jobs.runAll(id);
		JsonNode classification = (JsonNode) this.runtimeService.getVariable(id, "ticketClassification");
		assertThat(classification.get("sure").asBoolean()).isFalse();
		Task triage = task(id);
		assertThat(triage.getTaskDefinitionKey()).isEqualTo("triageTicket");
		String team = choice.apply(classification.get("label").asText());
		Api.Response completed = this.api.post("maria", "/api/tasks/" + triage.getId() + "/complete",
				Map.of("variables", Map.of("ticketTeam", team, "ticketTeamReason", "Read the ticket")));
		assertThat(completed.status()).isBetween(200, 204);
		return team;
	}

	static String otherTeam(String team) {
		return "billing".equals(team) ? "access" : "billing";
	}

	// --- helpers ---

	String start(String key) {
		Api.Response started = this.api.post("clara", "/api/process-definitions/" + key + "/instances", Map.of());
		assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
		return started.text("id");
	}

	Task task(String processInstanceId) {
		return this.taskService.createTaskQuery().processInstanceId(processInstanceId).singleResult();
	}

	ResponseEntity<String> scrapeAs(String user) {
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.TEXT_PLAIN));
		TestRestTemplate client = (user != null) ? this.rest.withBasicAuth(user, "demo") : this.rest;
		return client.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class);
	}

	PrometheusScrape scrape() {
		ResponseEntity<String> response = scrapeAs("prometheus");
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		return PrometheusScrape.parse(response.getBody());
	}

	static double delta(PrometheusScrape before, PrometheusScrape after, String name) {
		return delta(before, after, name, Map.of());
	}

	static double delta(PrometheusScrape before, PrometheusScrape after, String name, String label, String value) {
		return delta(before, after, name, Map.of(label, value));
	}

	static double delta(PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

	static Map<String, String> with(Map<String, String> labels, String label, String value) {
		Map<String, String> more = new java.util.HashMap<>(labels);
		more.put(label, value);
		return more;
	}

	static String probeProcess() {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <error id="probeError" errorCode="HTTP_404"/>
				  <process id="%1$s" name="Metrics probe" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The probe system answered">
				    <startEvent id="probeRequested" name="Probe requested"/>
				    <sequenceFlow id="toChild" sourceRef="probeRequested" targetRef="startChild"/>
				    <callActivity id="startChild" name="Start the child" calledElement="%2$s" flowable:async="true"/>
				    <sequenceFlow id="toCall" sourceRef="startChild" targetRef="callSystem"/>
				    <serviceTask id="callSystem" name="Call the probe system" flowable:delegateExpression="${httpTool}">
				      <extensionElements>
				        <flowable:field name="system" stringValue="%1$s"/>
				        <flowable:field name="url" stringValue="/probe"/>
				      </extensionElements>
				    </serviceTask>
				    <boundaryEvent id="probeRefused" name="Probe refused" attachedToRef="callSystem">
				      <errorEventDefinition errorRef="probeError"/>
				    </boundaryEvent>
				    <sequenceFlow id="toRefused" sourceRef="probeRefused" targetRef="refused"/>
				    <endEvent id="refused" name="Probe refused" sf:outcome="failed"/>
				    <sequenceFlow id="toAnswered" sourceRef="callSystem" targetRef="answered"/>
				    <endEvent id="answered" name="Probe answered" sf:outcome="done"/>
				  </process>
				</definitions>
				""".formatted(PROBE, CHILD);
	}

	static String mailProcess() {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%s" name="Metrics mail" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The mail is sent">
				    <startEvent id="mailRequested" name="Mail requested"/>
				    <sequenceFlow id="toMail" sourceRef="mailRequested" targetRef="sendMail"/>
				    <serviceTask id="sendMail" name="Send the mail" flowable:delegateExpression="${mailTool}"
				                 flowable:async="true">
				      <extensionElements>
				        <flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle>
				        <flowable:field name="to" stringValue="probe@steadyflow.example"/>
				        <flowable:field name="subject" stringValue="Metrics probe"/>
				      </extensionElements>
				    </serviceTask>
				    <sequenceFlow id="toSent" sourceRef="sendMail" targetRef="sent"/>
				    <endEvent id="sent" name="Mail sent" sf:outcome="done"/>
				  </process>
				</definitions>
				""".formatted(MAIL);
	}

	static String childProcess() {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%s" name="Metrics probe child" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The child ran">
				    <startEvent id="childStarted" name="Child started"/>
				    <sequenceFlow id="toDone" sourceRef="childStarted" targetRef="childDone"/>
				    <endEvent id="childDone" name="Child done" sf:outcome="done"/>
				  </process>
				</definitions>
				""".formatted(CHILD);
	}

}
