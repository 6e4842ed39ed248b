package io.steadyflow.tools;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.TestSystem;
import io.steadyflow.support.TestSystem.Answer;
import io.steadyflow.support.TestSystem.Received;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field of the http tool, through a small production-ready process deployed through
 * the readiness gate and a real HTTP server.
 */
@H2Test
class HttpToolTest {

	static final TestSystem server = new TestSystem("api");

	static final String PROCESS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
			             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
			             targetNamespace="urn:steadyflow:test">
			  <process id="http-tool-test" name="HTTP tool test" isExecutable="true" sf:owner="test-team"
			           sf:doneWhen="The thing is stored or its refusal handled">
			    <startEvent id="thingArrived" name="Thing arrived"/>
			    <sequenceFlow id="toCall" sourceRef="thingArrived" targetRef="callApi"/>
			    <serviceTask id="callApi" name="Store thing" flowable:async="true" flowable:delegateExpression="${httpTool}">
			      <extensionElements>
			        <flowable:field name="method" expression="${method}"/>
			        <flowable:field name="url" expression="${baseUrl}/things/${thingId}"/>
			        <flowable:field name="headers" expression="X-Trace: ${traceId}|X-Static: yes"/>
			        <flowable:field name="auth" stringValue="test-secret"/>
			        <flowable:field name="timeout" stringValue="1500ms"/>
			        <flowable:field name="body">
			          <flowable:string><![CDATA[{"id":"${thingId}","amount":"${amount}","label":"thing ${thingId}","tags":["a","${tag}"],"nested":{"flag":"${flag}"}}]]></flowable:string>
			        </flowable:field>
			        <flowable:field name="responseMapping" stringValue="state=/status, count=/items/count, price=/price, note=/note?, details=/details"/>
			        <flowable:field name="resultVariable" stringValue="answer"/>
			        <flowable:field name="statusVariable" stringValue="httpStatus"/>
			        <flowable:field name="errorCodes" stringValue="404:THING_NOT_FOUND,409:technical,4xx:THING_REFUSED"/>
			        <flowable:field name="errorVariable" stringValue="callError"/>
			        <flowable:field name="errorCodeVariable" stringValue="caughtCode"/>
			        <flowable:failedJobRetryTimeCycle>R2/PT1M</flowable:failedJobRetryTimeCycle>
			      </extensionElements>
			    </serviceTask>
			    <boundaryEvent id="callRefused" name="Call refused" attachedToRef="callApi">
			      <errorEventDefinition/>
			    </boundaryEvent>
			    <sequenceFlow id="toHandle" sourceRef="callRefused" targetRef="handleRefusal"/>
			    <userTask id="handleRefusal" name="Handle refusal" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
			    <sequenceFlow id="toHandled" sourceRef="handleRefusal" targetRef="refusalHandled"/>
			    <endEvent sf:outcome="done" id="refusalHandled" name="Refusal handled"/>
			    <sequenceFlow id="toStored" sourceRef="callApi" targetRef="thingStored"/>
			    <endEvent sf:outcome="done" id="thingStored" name="Thing stored"/>
			  </process>
			</definitions>
			""";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registry.add("steadyflow.tools.http.secrets.test-secret", () -> "s3cret");
	}

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

	final ObjectMapper json = new ObjectMapper();

	Jobs jobs;

	static boolean deployed;

	@BeforeAll
	static void resetServer() {
		server.reset();
	}

	@BeforeEach
	void setUp() {
		this.jobs = new Jobs(this.managementService);
		server.reset();
		if (!deployed) {
			// through the readiness gate: the test process is itself production-ready
			this.repositoryService.createDeployment().addString("http-tool-test.bpmn20.xml", PROCESS).deploy();
			deployed = true;
		}
	}

	@Test
	void sendsATypedJsonBodyWithHeadersAndSecretAndMapsTheAnswer() throws Exception {
		server.willAnswer("/things/T-1", Answer.ok("""
				{"status":"stored","items":{"count":3},"price":12.50,"details":{"shelf":"B2","tags":["x"]}}
				"""));
		ProcessInstance instance = start("PUT", "T-1");

		this.jobs.runAll(instance.getId());

		assertThat(ended(instance)).containsExactly("thingStored");
		Received request = server.received().get(0);
		assertThat(request.method()).isEqualTo("PUT");
		assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
		assertThat(request.header("X-Trace")).isEqualTo("trace-T-1");
		assertThat(request.header("X-Static")).isEqualTo("yes");
		assertThat(request.header("Idempotency-Key")).isEqualTo(instance.getId() + ":callApi");
		JsonNode body = this.json.readTree(request.body());
		assertThat(body.path("id").asText()).isEqualTo("T-1");
		assertThat(body.path("amount").isNumber()).as("typed, not a string").isTrue();
		assertThat(body.path("amount").decimalValue()).isEqualByComparingTo("99.95");
		assertThat(body.path("label").asText()).isEqualTo("thing T-1");
		assertThat(body.path("tags").get(1).asText()).isEqualTo("red \"quoted\"");
		assertThat(body.path("nested").path("flag").isBoolean()).isTrue();
		Map<String, Object> variables = variables(instance);
		assertThat(variables).containsEntry("state", "stored")
			.containsEntry("count", 3)
			.containsEntry("httpStatus", 200);
		assertThat((BigDecimal) variables.get("price")).isEqualByComparingTo("12.50");
		assertThat(variables.get("note")).isNull();
		assertThat(variables.get("details").toString()).contains("B2");
		assertThat(variables.get("answer").toString()).contains("stored");
	}

	@Test
	void turnsRefusalsIntoTheConfiguredBpmnErrors() {
		server.willAnswer("/things/T-404", Answer.status(404));
		server.willAnswer("/things/T-400", Answer.json(400, "{\"error\":\"amount too high\"}"));
		ProcessInstance notFound = start("POST", "T-404");
		ProcessInstance refused = start("POST", "T-400");

		this.jobs.runAll(notFound.getId());
		this.jobs.runAll(refused.getId());

		assertThat(waitingAt(notFound)).isEqualTo("handleRefusal");
		assertThat(variables(notFound)).containsEntry("caughtCode", "THING_NOT_FOUND").containsEntry("httpStatus", 404);
		assertThat(waitingAt(refused)).isEqualTo("handleRefusal");
		assertThat(variables(refused)).containsEntry("caughtCode", "THING_REFUSED");
		assertThat((String) variables(refused).get("callError")).contains("HTTP 400").contains("amount too high");
		assertThat(this.jobs.deadLetterCount(refused.getId())).isZero();
	}

	@Test
	void treatsRefusalsMarkedTechnicalAndUnreadableAnswersAsRetriableFailures() {
		server.willAnswer("/things/T-409", Answer.status(409));
		server.willAnswer("/things/T-bad", Answer.ok("{\"items\":{}}"));
		ProcessInstance conflict = start("POST", "T-409");
		ProcessInstance unreadable = start("POST", "T-bad");

		assertThat(this.jobs.runFailing(conflict.getId())).hasStackTraceContaining("failed with HTTP 409");
		assertThat(this.jobs.runFailing(unreadable.getId())).hasStackTraceContaining("answered without /status");

		assertThat(this.managementService.createTimerJobQuery().processInstanceId(conflict.getId()).count())
			.as("waiting for its retry")
			.isOne();
		assertThat(variables(unreadable)).doesNotContainKey("state");
	}

	@Test
	void givesUpOnAHangingServerAfterTheStepsTimeout() {
		server.willAnswer("/things/T-slow", Answer.hang(5000));
		ProcessInstance instance = start("POST", "T-slow");

		long started = System.nanoTime();
		RuntimeException failure = this.jobs.runFailing(instance.getId());

		assertThat(failure).hasStackTraceContaining("did not answer within 1500 ms");
		assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(4500);
	}

	@Test
	void mapsStatusesToErrorCodes() {
		String mapping = "404:ORDER_NOT_FOUND, 4xx:REJECTED, 503:SYSTEM_DOWN, 401:technical";
		assertThat(HttpTool.errorCode(mapping, new HttpTransport.Answer(404, ""))).isEqualTo("ORDER_NOT_FOUND");
		assertThat(HttpTool.errorCode(mapping, new HttpTransport.Answer(422, ""))).isEqualTo("REJECTED");
		assertThat(HttpTool.errorCode(mapping, new HttpTransport.Answer(503, ""))).isEqualTo("SYSTEM_DOWN");
		assertThat(HttpTool.errorCode(mapping, new HttpTransport.Answer(401, ""))).isNull();
		assertThat(HttpTool.errorCode(mapping, new HttpTransport.Answer(500, ""))).isNull();
		assertThat(HttpTool.errorCode(mapping, new HttpTransport.Answer(429, ""))).isNull();
		assertThat(HttpTool.errorCode(null, new HttpTransport.Answer(418, ""))).isEqualTo("HTTP_418");
		assertThat(HttpTool.errorCode(null, new HttpTransport.Answer(408, ""))).isNull();
	}

	ProcessInstance start(String method, String thingId) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("method", method);
		variables.put("baseUrl", server.baseUrl());
		variables.put("thingId", thingId);
		variables.put("traceId", "trace-" + thingId);
		variables.put("amount", new BigDecimal("99.95"));
		variables.put("tag", "red \"quoted\"");
		variables.put("flag", true);
		return this.runtimeService.startProcessInstanceByKey("http-tool-test", variables);
	}

	Map<String, Object> variables(ProcessInstance instance) {
		Map<String, Object> variables = new HashMap<>();
		this.historyService.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.list()
			.forEach((variable) -> variables.put(variable.getVariableName(), variable.getValue()));
		return variables;
	}

	String waitingAt(ProcessInstance instance) {
		Task task = this.taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
		return (task != null) ? task.getTaskDefinitionKey() : null;
	}

	List<String> ended(ProcessInstance instance) {
		return this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.activityType("endEvent")
			.list()
			.stream()
			.map((activity) -> activity.getActivityId())
			.toList();
	}

}
