package io.steadyflow.examples.invoice;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steadyflow.support.Jobs;
import io.steadyflow.support.TestErp;
import io.steadyflow.support.TestErp.Answer;
import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.identitylink.api.IdentityLink;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The invoice workflow of processes/invoice-approval.bpmn20.xml on the real engine: every
 * branch, the escalation timer and the ERP's failure modes. Run on H2 and on PostgreSQL
 * by subclasses.
 */
abstract class InvoiceApprovalScenarios {

	static final String PROCESS = "invoice-approval";

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	HistoryService historyService;

	@Autowired
	ManagementService managementService;

	@Autowired
	ProcessEngineConfiguration engineConfiguration;

	Jobs jobs;

	final TestErp erp = TestErp.get();

	@BeforeEach
	void setUp() {
		this.jobs = new Jobs(this.managementService);
		this.erp.reset();
	}

	@AfterEach
	void resetClock() {
		this.engineConfiguration.getClock().reset();
	}

	@Test
	void autoApprovesSmallInvoiceAndPostsItToTheErp() {
		this.erp.willAnswer(Answer.ok("DOC-1"));
		ProcessInstance instance = start(invoice("120.50"));

		assertThat(this.taskService.createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
		this.jobs.runAll(instance.getId());

		assertEnded(instance, "invoicePosted");
		assertThat(path(instance)).containsSubsequence("invoiceReceived", "validateInvoice", "amountCheck", "postToErp",
				"invoicePosted");
		assertThat(path(instance)).doesNotContain("approveInvoice");
		assertThat(variable(instance, "erpDocumentId")).isEqualTo("DOC-1");
		assertThat(this.erp.receivedFor(instance.getId())).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"amount\":\"120.50\"")
				.contains("\"currency\":\"EUR\""));
	}

	@Test
	void approverApprovesLargeInvoiceAndItIsPosted() {
		ProcessInstance instance = start(invoice("2500.00"));

		Task approval = singleTask(instance);
		assertThat(approval.getTaskDefinitionKey()).isEqualTo("approveInvoice");
		assertThat(candidateGroups(approval)).containsExactly("approvers");
		assertThat(approval.getDueDate()).isNotNull();

		this.taskService.claim(approval.getId(), "alex");
		this.taskService.complete(approval.getId(), Map.of("approval", "approve"));
		this.jobs.runAll(instance.getId());

		assertEnded(instance, "invoicePosted");
		assertThat(path(instance)).containsSubsequence("amountCheck", "approveInvoice", "approvalDecision", "postToErp",
				"invoicePosted");
		assertThat(taskLocal(approval.getId(), "outcome")).isEqualTo("approve");
	}

	@Test
	void rejectionWithoutReasonIsRefusedAndTheTaskStays() {
		ProcessInstance instance = start(invoice("5000"));
		Task approval = singleTask(instance);

		assertThatThrownBy(() -> this.taskService.complete(approval.getId(), Map.of("approval", "reject")))
			.isInstanceOf(FlowableIllegalArgumentException.class)
			.hasMessageContaining("A reason is required to reject");
		assertThatThrownBy(() -> this.taskService.complete(approval.getId(), Map.of("approval", "maybe")))
			.isInstanceOf(FlowableIllegalArgumentException.class)
			.hasMessageContaining("not a valid decision");

		assertThat(singleTask(instance).getId()).isEqualTo(approval.getId());
		assertThat(this.runtimeService.getVariable(instance.getId(), "approval")).isNull();
	}

	@Test
	void rejectionWithReasonEndsAsRejectedAndKeepsTheReason() {
		ProcessInstance instance = start(invoice("5000"));
		Task approval = singleTask(instance);
		this.taskService.claim(approval.getId(), "amir");

		this.taskService.complete(approval.getId(),
				Map.of("approval", "reject", "approvalReason", "No purchase order for this delivery"));

		assertEnded(instance, "invoiceRejected");
		assertThat(path(instance)).doesNotContain("postToErp");
		assertThat(taskLocal(approval.getId(), "outcome")).isEqualTo("reject");
		assertThat(taskLocal(approval.getId(), "reason")).isEqualTo("No purchase order for this delivery");
		assertThat(this.historyService.createHistoricTaskInstanceQuery()
			.taskId(approval.getId())
			.singleResult()
			.getAssignee()).isEqualTo("amir");
		assertThat(this.erp.receivedFor(instance.getId())).isEmpty();
	}

	@Test
	void lateApprovalIsOfferedToFinanceLeadsWithoutCancellingIt() {
		Instant now = Instant.now();
		ProcessInstance instance = start(invoice("3000"));
		Task approval = singleTask(instance);

		setClock(now.plus(Duration.ofDays(1)));
		assertThat(
				this.managementService.createTimerJobQuery().processInstanceId(instance.getId()).executable().count())
			.as("not late after one day")
			.isZero();

		setClock(now.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(1)));
		assertThat(
				this.managementService.createTimerJobQuery().processInstanceId(instance.getId()).executable().count())
			.as("late after two days")
			.isEqualTo(1);
		this.jobs.dueTimers(instance.getId());
		this.jobs.runAll(instance.getId());

		Task stillOpen = singleTask(instance);
		assertThat(stillOpen.getId()).isEqualTo(approval.getId());
		assertThat(candidateGroups(stillOpen)).containsExactlyInAnyOrder("approvers", "finance-leads");
		assertThat(stillOpen.getPriority()).isEqualTo(80);
		assertThat(path(instance)).contains("approvalLate", "escalateApproval", "approvalEscalated");

		this.taskService.claim(stillOpen.getId(), "fiona");
		this.taskService.complete(stillOpen.getId(), Map.of("approval", "approve"));
		this.jobs.runAll(instance.getId());
		assertEnded(instance, "invoicePosted");
	}

	@Test
	void erpRefusalGoesToAClerkWhoRetriesSuccessfully() {
		this.erp.willAnswer(Answer.status(422), Answer.ok("DOC-2"));
		ProcessInstance instance = start(invoice("99.00"));

		this.jobs.runAll(instance.getId());

		Task resolve = singleTask(instance);
		assertThat(resolve.getTaskDefinitionKey()).isEqualTo("resolveErpRejection");
		assertThat(candidateGroups(resolve)).containsExactly("clerks");
		assertThat((String) this.runtimeService.getVariable(instance.getId(), "erpError")).contains("HTTP 422");

		this.taskService.complete(resolve.getId(), Map.of("erpFix", "retry"));
		this.jobs.runAll(instance.getId());

		assertEnded(instance, "invoicePosted");
		assertThat(variable(instance, "erpDocumentId")).isEqualTo("DOC-2");
		assertThat(path(instance)).containsSubsequence("postToErp", "erpRejected", "resolveErpRejection", "howResolved",
				"postToErp", "invoicePosted");
	}

	@Test
	void erpOutageIsRetriedThenBecomesAnIncidentThatCanBeRetried() {
		this.erp.alwaysAnswer(Answer.status(503));
		ProcessInstance instance = start(invoice("10.00"));

		this.jobs.runFailing(instance.getId());
		assertThat(this.runtimeService.getVariable(instance.getId(), "erpDocumentId"))
			.as("a failed attempt writes nothing")
			.isNull();
		for (int attempt = 0; attempt < 10 && this.jobs.deadLetterCount(instance.getId()) == 0; attempt++) {
			this.jobs.dueTimers(instance.getId());
			this.jobs.runFailing(instance.getId());
		}
		assertThat(this.jobs.deadLetterCount(instance.getId())).as("an incident after the last retry").isEqualTo(1);
		assertThat(this.erp.receivedFor(instance.getId())).hasSize(3)
			.extracting(TestErp.Received::idempotencyKey)
			.containsOnly(instance.getId() + ":postToErp");
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
			.as("the instance waits at the incident, nothing lost")
			.isEqualTo(1);

		this.erp.alwaysAnswer(Answer.ok("DOC-3"));
		String deadLetter = this.managementService.createDeadLetterJobQuery()
			.processInstanceId(instance.getId())
			.singleResult()
			.getId();
		this.managementService.moveDeadLetterJobToExecutableJob(deadLetter, 1);
		this.jobs.runAll(instance.getId());

		assertEnded(instance, "invoicePosted");
		assertThat(variable(instance, "erpDocumentId")).isEqualTo("DOC-3");
	}

	@Test
	void invalidInvoiceDataGoToAClerkAndContinueOnceFixed() {
		Map<String, Object> broken = invoice("abc");
		broken.remove("vendor");
		broken.put("currency", "EURO");
		ProcessInstance instance = start(broken);

		Task fix = singleTask(instance);
		assertThat(fix.getTaskDefinitionKey()).isEqualTo("fixInvoiceData");
		assertThat(candidateGroups(fix)).containsExactly("clerks");
		assertThat((String) this.runtimeService.getVariable(instance.getId(), "invoiceProblems"))
			.contains("vendor is missing")
			.contains("amount 'abc' is not a number")
			.contains("currency 'EURO'");

		this.taskService.complete(fix.getId(),
				Map.of("vendor", "Globex", "amount", new BigDecimal("1500.00"), "currency", "usd"));

		Task approval = singleTask(instance);
		assertThat(approval.getTaskDefinitionKey()).isEqualTo("approveInvoice");
		assertThat(this.runtimeService.getVariable(instance.getId(), "invoiceProblems")).isNull();
		assertThat(this.runtimeService.getVariable(instance.getId(), "currency")).isEqualTo("USD");
		assertThat(path(instance)).containsSubsequence("validateInvoice", "invoiceInvalid", "fixInvoiceData",
				"validateInvoice", "amountCheck", "approveInvoice");
	}

	ProcessInstance start(Map<String, Object> variables) {
		return this.runtimeService.startProcessInstanceByKey(PROCESS, variables);
	}

	static Map<String, Object> invoice(String amount) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("vendor", "ACME Supplies");
		variables.put("invoiceNumber", "INV-" + System.nanoTime());
		variables.put("amount", amount);
		variables.put("currency", "EUR");
		variables.put("dueDate", "2026-12-31");
		return variables;
	}

	Task singleTask(ProcessInstance instance) {
		return this.taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
	}

	List<String> candidateGroups(Task task) {
		return this.taskService.getIdentityLinksForTask(task.getId())
			.stream()
			.filter((link) -> "candidate".equals(link.getType()))
			.map(IdentityLink::getGroupId)
			.toList();
	}

	/** The activities the instance went through, in order. */
	List<String> path(ProcessInstance instance) {
		return this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.orderByHistoricActivityInstanceId()
			.asc()
			.list()
			.stream()
			.filter((activity) -> activity.getDeleteReason() == null
					|| !"boundaryEvent".equals(activity.getActivityType()))
			.map(HistoricActivityInstance::getActivityId)
			.filter((id) -> !id.startsWith("to") && !id.equals("revalidate"))
			.toList();
	}

	void assertEnded(ProcessInstance instance, String endEventId) {
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
			.as("instance ended")
			.isZero();
		assertThat(this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instance.getId())
			.singleResult()
			.getEndActivityId()).isEqualTo(endEventId);
	}

	Object variable(ProcessInstance instance, String name) {
		return this.historyService.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName(name)
			.singleResult()
			.getValue();
	}

	Object taskLocal(String taskId, String name) {
		return this.historyService.createHistoricVariableInstanceQuery()
			.taskId(taskId)
			.variableName(name)
			.singleResult()
			.getValue();
	}

	void setClock(Instant instant) {
		this.engineConfiguration.getClock().setCurrentTime(Date.from(instant));
	}

}
