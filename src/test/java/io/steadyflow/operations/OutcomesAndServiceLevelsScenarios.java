package io.steadyflow.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.support.Api;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.TestMail;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ended instance records how it ended (the end event's {@code sf:outcome}, or
 * {@code cancelled}), and a service level ({@code sf:sla}) that runs out while the work
 * is open is a breach: recorded once, shown on the instance, mailed once to the owner.
 * The service-level check is an engine timer job, run here by hand with the engine clock
 * moved past the service level. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutcomesAndServiceLevelsScenarios {

	static final String PROCESS = "leave-with-service-levels";

	static final String OWNER_ADDRESS = "people-operations@steadyflow.example";

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	ManagementService managementService;

	@Autowired
	ProcessEngineConfiguration engine;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ServiceLevelBreaches breaches;

	@Autowired
	TestRestTemplate rest;

	Api api;

	@BeforeAll
	void deploy() {
		this.repositoryService.createDeployment().name(PROCESS).addString(PROCESS + ".bpmn20.xml", """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%s" name="Leave request" isExecutable="true" sf:owner="people-operations"
				           sf:doneWhen="The leave is granted" sf:sla="PT8H">
				    <startEvent id="requested" name="Leave requested"/>
				    <sequenceFlow id="f1" sourceRef="requested" targetRef="decide"/>
				    <userTask id="decide" name="Decide leave" flowable:candidateGroups="approvers" sf:sla="PT1H"/>
				    <sequenceFlow id="f2" sourceRef="decide" targetRef="granted"/>
				    <exclusiveGateway id="granted" name="Granted?" default="no"/>
				    <sequenceFlow id="yes" sourceRef="granted" targetRef="leaveGranted">
				      <conditionExpression xsi:type="tFormalExpression">${grant == true}</conditionExpression>
				    </sequenceFlow>
				    <sequenceFlow id="no" sourceRef="granted" targetRef="leaveRefused"/>
				    <endEvent id="leaveGranted" name="Leave granted" sf:outcome="done"/>
				    <endEvent id="leaveRefused" name="Leave refused" sf:outcome="rejected"/>
				  </process>
				</definitions>
				""".formatted(PROCESS)).deploy();
	}

	@BeforeEach
	void setUp() {
		this.api = new Api(this.rest);
		TestMail.get().reset();
	}

	@AfterEach
	void resetClock() {
		this.engine.getClock().reset();
	}

	ProcessInstance start() {
		return this.runtimeService.startProcessInstanceByKey(PROCESS);
	}

	void decide(ProcessInstance instance, boolean grant) {
		Task task = this.taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
		this.taskService.complete(task.getId(), Map.of("grant", grant));
	}

	Map<String, Object> outcomeRow(String instanceId) {
		return this.jdbc.queryForMap("SELECT * FROM sf_instance_outcome WHERE process_instance_id = ?", instanceId);
	}

	@Test
	void doneAndRejectedEndsAreRecordedWithTheirClassAndShownOnTheInstance() {
		ProcessInstance granted = start();
		decide(granted, true);
		ProcessInstance refused = start();
		decide(refused, false);

		Map<String, Object> done = outcomeRow(granted.getId());
		assertThat(done).containsEntry("OUTCOME", "done").containsEntry("END_ACTIVITY_ID", "leaveGranted");
		assertThat(done.get("PROCESS_DEFINITION_KEY")).isEqualTo(PROCESS);
		assertThat(((Number) done.get("DURATION_MS")).longValue()).isNotNegative();
		assertThat(outcomeRow(refused.getId())).containsEntry("OUTCOME", "rejected")
			.containsEntry("END_ACTIVITY_NAME", "Leave refused");

		JsonNode view = this.api.get("admin", "/api/process-instances/" + refused.getId()).body();
		assertThat(view.at("/outcome/outcomeClass").asText()).isEqualTo("rejected");
		assertThat(view.at("/outcome/endActivityId").asText()).isEqualTo("leaveRefused");
	}

	@Test
	void aCancelledInstanceIsRecordedAsCancelled() {
		ProcessInstance instance = start();
		this.runtimeService.deleteProcessInstance(instance.getId(), "Withdrawn by the requester");

		assertThat(outcomeRow(instance.getId())).containsEntry("OUTCOME", "cancelled")
			.containsEntry("END_ACTIVITY_ID", null);
		JsonNode view = this.api.get("admin", "/api/process-instances/" + instance.getId()).body();
		assertThat(view.at("/outcome/outcomeClass").asText()).isEqualTo("cancelled");
	}

	@Test
	void runningInstanceHasNoOutcomeYet() {
		ProcessInstance instance = start();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sf_instance_outcome WHERE process_instance_id = ?",
				Integer.class, instance.getId()))
			.isZero();
		assertThat(this.api.get("admin", "/api/process-instances/" + instance.getId()).body().has("outcome")).isFalse();
	}

	@Test
	void openWorkPastItsServiceLevelIsOneBreachPerScopeMailedOnceToTheOwner() {
		ProcessInstance instance = start();
		List<Job> checks = serviceLevelChecks(instance);
		assertThat(checks).as("one check for the process (PT8H), one for the task (PT1H)").hasSize(2);

		moveClock(Duration.ofHours(9));
		checks.forEach(this::runCheck);

		List<Map<String, Object>> breaches = this.jdbc.queryForList(
				"SELECT scope_key, activity_id, sla FROM sf_sla_breach WHERE process_instance_id = ? ORDER BY sla",
				instance.getId());
		assertThat(breaches).extracting((row) -> row.get("SLA")).containsExactly("PT1H", "PT8H");
		assertThat(breaches).extracting((row) -> row.get("ACTIVITY_ID")).containsExactly("decide", null);
		List<TestMail.Mail> mails = TestMail.get().receivedBy(OWNER_ADDRESS);
		assertThat(mails).hasSize(2);
		assertThat(mails).allSatisfy((mail) -> assertThat(mail.body()).contains("/instances/" + instance.getId()));
		assertThat(mails).anySatisfy((mail) -> assertThat(mail.subject()).contains("'Decide leave'"));

		JsonNode view = this.api.get("admin", "/api/process-instances/" + instance.getId()).body();
		assertThat(view.path("slaBreaches")).hasSize(2);

		// the same scope checked again (a repeated check): nothing new, no second mail
		this.breaches.record(new ServiceLevelBreaches.Breach(instance.getId(), "process", null, PROCESS, 1, null,
				"Leave request", Duration.ofHours(8), Instant.now(), Instant.now(), null,
				this.repositoryService.getBpmnModel(instance.getProcessDefinitionId()).getMainProcess()));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sf_sla_breach WHERE process_instance_id = ?",
				Integer.class, instance.getId()))
			.isEqualTo(2);
		assertThat(TestMail.get().receivedBy(OWNER_ADDRESS)).hasSize(2);
	}

	@Test
	void workThatEndedInTimeIsNoBreach() {
		ProcessInstance instance = start();
		List<Job> checks = serviceLevelChecks(instance);
		decide(instance, true);

		moveClock(Duration.ofHours(9));
		checks.forEach(this::runCheck);

		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sf_sla_breach WHERE process_instance_id = ?",
				Integer.class, instance.getId()))
			.isZero();
		assertThat(TestMail.get().receivedBy(OWNER_ADDRESS)).isEmpty();
	}

	@Test
	void theChecksAreNotAmongTheInstancesOwnJobs() {
		ProcessInstance instance = start();
		assertThat(this.managementService.createTimerJobQuery().processInstanceId(instance.getId()).count()).isZero();
		new Jobs(this.managementService).runAll(instance.getId());
		assertThat(serviceLevelChecks(instance)).hasSize(2);
	}

	List<Job> serviceLevelChecks(ProcessInstance instance) {
		String taskId = this.taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId();
		return this.managementService.createTimerJobQuery()
			.handlerType(ServiceLevelCheck.TYPE)
			.list()
			.stream()
			.filter((job) -> job.getJobHandlerConfiguration().equals(ServiceLevelCheck.forProcess(instance.getId()))
					|| job.getJobHandlerConfiguration().equals(ServiceLevelCheck.forTask(taskId)))
			.toList();
	}

	void moveClock(Duration by) {
		this.engine.getClock().setCurrentTime(Date.from(Instant.now().plus(by)));
	}

	void runCheck(Job timer) {
		Job job = this.managementService.moveTimerToExecutableJob(timer.getId());
		this.managementService.executeJob(job.getId());
	}

}
