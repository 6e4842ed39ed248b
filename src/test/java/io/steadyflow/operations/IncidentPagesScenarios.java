package io.steadyflow.operations;

import io.steadyflow.security.ConfiguredUsers;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.PageSession;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.task.Comment;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The operators' incident page and the incident box on the instance page, through the
 * whole Spring MVC and security stack. The incident comes from a real failing async job
 * run to the dead letters, as the async executor would. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IncidentPagesScenarios {

	static final String PROCESS = "always-failing-step";

	@Autowired
	WebApplicationContext context;

	@Autowired
	ConfiguredUsers users;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	ManagementService managementService;

	@Autowired
	HistoryService historyService;

	@Autowired
	TaskService taskService;

	@LocalServerPort
	int port;

	MockMvc mvc;

	Jobs jobs;

	@BeforeAll
	void deploy() {
		this.repositoryService.createDeployment().name(PROCESS).addString(PROCESS + ".bpmn20.xml", """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%1$s" name="Always failing" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The order is fetched">
				    <startEvent id="orderArrived" name="Order arrived"/>
				    <sequenceFlow id="toFetch" sourceRef="orderArrived" targetRef="fetchOrder"/>
				    <serviceTask id="fetchOrder" name="Fetch order" flowable:async="true"
				                 flowable:class="io.steadyflow.operations.AlwaysFailingStep">
				      <extensionElements>
				        <flowable:failedJobRetryTimeCycle>R2/PT1S</flowable:failedJobRetryTimeCycle>
				      </extensionElements>
				    </serviceTask>
				    <sequenceFlow id="toFetched" sourceRef="fetchOrder" targetRef="orderFetched"/>
				    <endEvent sf:outcome="done" id="orderFetched" name="Order fetched"/>
				  </process>
				</definitions>
				""".formatted(PROCESS)).deploy();
	}

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		this.jobs = new Jobs(this.managementService);
	}

	@Test
	void ottoSeesTheIncidentAndRetriesIt() throws Exception {
		String instanceId = failedInstance("ORD-RETRY");
		String incident = incidentOf(instanceId);

		String list = page(as("otto", get("/incidents")), 200);
		assertThat(list).contains("data-incident-id=\"" + incident + "\"", "/instances/" + instanceId, "ORD-RETRY",
				"Fetch order", AlwaysFailingStep.MESSAGE, "id=\"nav-incidents\"");
		assertThat(page(as("otto", get("/incidents").param("process", PROCESS)), 200)).contains(incident);
		assertThat(page(as("otto", get("/incidents").param("process", "order-sync")), 200)).doesNotContain(incident);

		String detail = page(as("otto", get("/incidents/" + incident)), 200);
		assertThat(detail).contains("id=\"stacktrace\"", "java.lang.IllegalStateException", "AlwaysFailingStep.execute",
				"value=\"3\"");

		MvcResult retried = perform(
				as("otto", post("/incidents/" + incident + "/retry")).with(csrf()).param("retries", "5"));
		assertThat(retried.getResponse().getStatus()).isEqualTo(302);
		assertThat(retried.getResponse().getRedirectedUrl()).isEqualTo("/incidents");
		assertThat(retried.getFlashMap().get("flash").toString()).contains("with 5 retries");
		Job job = this.managementService.createJobQuery().processInstanceId(instanceId).singleResult();
		assertThat(job.getRetries()).isEqualTo(5);
		assertThat(this.jobs.deadLetterCount(instanceId)).isZero();
		assertThat(this.taskService.getProcessInstanceComments(instanceId, Incidents.OPERATOR_ACTION))
			.extracting(Comment::getUserId)
			.containsExactly("otto");
		assertThat(page(as("otto", get("/incidents")), 200)).doesNotContain(incident);

		MvcResult again = perform(
				as("otto", post("/incidents/" + incident + "/retry")).with(csrf()).param("retries", "1"));
		assertThat(again.getResponse().getStatus()).isEqualTo(404);
		assertThat(again.getResponse().getContentAsString()).contains("No incident").doesNotContain("Exception");
	}

	@Test
	void anInvalidRetryCountIsShownNextToTheField() throws Exception {
		String instanceId = failedInstance("ORD-BADRETRY");
		String incident = incidentOf(instanceId);

		for (String bad : new String[] { "0", "101", "three", "" }) {
			MvcResult result = perform(
					as("otto", post("/incidents/" + incident + "/retry")).with(csrf()).param("retries", bad));
			assertThat(result.getResponse().getStatus()).as(bad).isEqualTo(422);
			String page = result.getResponse().getContentAsString();
			assertThat(page).as(bad).contains("id=\"error-retries\"", "retries must be", "between 1 and 100");
			assertThat(page).as(bad).contains("name=\"retries\" min=\"1\" max=\"100\" value=\"" + bad + "\"");
		}
		assertThat(this.jobs.deadLetterCount(instanceId)).isOne();
		assertThat(this.managementService.createJobQuery().processInstanceId(instanceId).count()).isZero();
	}

	@Test
	void cancelNeedsAReasonAndRecordsIt() throws Exception {
		String instanceId = failedInstance("ORD-CANCEL");
		String incident = incidentOf(instanceId);

		MvcResult noReason = perform(
				as("otto", post("/incidents/" + incident + "/cancel")).with(csrf()).param("reason", "   "));
		assertThat(noReason.getResponse().getStatus()).isEqualTo(422);
		assertThat(noReason.getResponse().getContentAsString()).contains("id=\"error-reason\"",
				"A reason is required to cancel an instance");
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isOne();
		assertThat(this.taskService.getProcessInstanceComments(instanceId, Incidents.OPERATOR_ACTION)).isEmpty();

		String tooLong = "x".repeat(1001);
		MvcResult longReason = perform(
				as("otto", post("/incidents/" + incident + "/cancel")).with(csrf()).param("reason", tooLong));
		assertThat(longReason.getResponse().getStatus()).isEqualTo(422);
		assertThat(longReason.getResponse().getContentAsString()).contains("longer than 1000 characters",
				">" + tooLong + "</textarea>");

		MvcResult cancelled = perform(as("otto", post("/incidents/" + incident + "/cancel")).with(csrf())
			.param("reason", "Order was entered twice"));
		assertThat(cancelled.getResponse().getStatus()).isEqualTo(302);
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult()
			.getDeleteReason()).isEqualTo("Order was entered twice");
		assertThat(this.taskService.getProcessInstanceComments(instanceId, Incidents.OPERATOR_ACTION))
			.extracting(Comment::getUserId, Comment::getFullMessage)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("otto", "Cancelled: Order was entered twice"));
		assertThat(this.jobs.deadLetterCount(instanceId)).isZero();
	}

	@Test
	void theInstancePageShowsTheIncidentAndOperatorsActOnIt() throws Exception {
		String instanceId = failedInstance("ORD-INSTANCE");
		String incident = incidentOf(instanceId);

		String asOtto = page(as("otto", get("/instances/" + instanceId)), 200);
		assertThat(asOtto).contains("incident-box", "Fetch order", AlwaysFailingStep.MESSAGE,
				"/incidents/" + incident + "/retry", "/incidents/" + incident + "/cancel");
		String asAdmin = page(as("admin", get("/instances/" + instanceId)), 200);
		assertThat(asAdmin).contains("/incidents/" + incident + "/retry");

		MvcResult noReason = perform(as("otto", post("/incidents/" + incident + "/cancel")).with(csrf())
			.param("back", "instance")
			.param("reason", ""));
		assertThat(noReason.getResponse().getRedirectedUrl()).isEqualTo("/instances/" + instanceId);
		assertThat(noReason.getFlashMap().get("flashError").toString()).contains("A reason is required");
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isOne();

		MvcResult retried = perform(as("otto", post("/incidents/" + incident + "/retry")).with(csrf())
			.param("back", "instance")
			.param("retries", "2"));
		assertThat(retried.getResponse().getRedirectedUrl()).isEqualTo("/instances/" + instanceId);
		assertThat(retried.getFlashMap().get("flash").toString()).contains("with 2 retries");
		assertThat(this.managementService.createJobQuery().processInstanceId(instanceId).singleResult().getRetries())
			.isEqualTo(2);
		assertThat(page(as("otto", get("/instances/" + instanceId)), 200)).doesNotContain("incident-box");
	}

	@Test
	void workersGetA403AndFormsNeedTheCsrfToken() throws Exception {
		String instanceId = failedInstance("ORD-FORBIDDEN");
		String incident = incidentOf(instanceId);

		assertThat(perform(as("alex", get("/incidents"))).getResponse().getStatus()).isEqualTo(403);
		assertThat(perform(as("alex", get("/incidents/" + incident))).getResponse().getStatus()).isEqualTo(403);
		assertThat(perform(as("ada", post("/incidents/" + incident + "/retry")).with(csrf()).param("retries", "3"))
			.getResponse()
			.getStatus()).isEqualTo(403);
		assertThat(page(as("alex", get("/tasks")), 200)).doesNotContain("nav-incidents");

		MvcResult withoutToken = perform(as("otto", post("/incidents/" + incident + "/retry")).param("retries", "3"));
		assertThat(withoutToken.getResponse().getStatus()).isEqualTo(403);
		MvcResult cancelWithoutToken = perform(
				as("otto", post("/incidents/" + incident + "/cancel")).param("reason", "forged"));
		assertThat(cancelWithoutToken.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.jobs.deadLetterCount(instanceId)).isOne();
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isOne();
	}

	@Test
	void overRealHttpWorkersGetTheErrorPageAndOperatorsTheTable() throws Exception {
		String instanceId = failedInstance("ORD-HTTP");
		String incident = incidentOf(instanceId);

		PageSession alex = PageSession.signIn(this.port, "alex");
		PageSession.Answer denied = alex.get("/incidents");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.text()).contains("403").doesNotContain(incident).doesNotContain("Exception");
		assertThat(alex.get("/tasks").text()).doesNotContain("nav-incidents");

		PageSession otto = PageSession.signIn(this.port, "otto");
		PageSession.Answer table = otto.get("/incidents");
		assertThat(table.status()).isEqualTo(200);
		assertThat(table.text()).contains("id=\"nav-incidents\"", incident, "name=\"_csrf\"");
		assertThat(otto.get("/instances/" + instanceId).text()).contains("incident-box", AlwaysFailingStep.MESSAGE);
	}

	/**
	 * Starts an instance and runs its failing job through every retry, to the dead
	 * letters.
	 */
	private String failedInstance(String businessKey) {
		String instanceId = this.runtimeService.startProcessInstanceByKey(PROCESS, businessKey).getId();
		for (int attempt = 0; attempt < 5 && this.jobs.deadLetterCount(instanceId) == 0; attempt++) {
			if (this.managementService.createJobQuery().processInstanceId(instanceId).count() == 0) {
				this.jobs.dueTimers(instanceId);
			}
			assertThat(this.jobs.runFailing(instanceId)).hasRootCauseMessage(AlwaysFailingStep.MESSAGE);
		}
		assertThat(this.jobs.deadLetterCount(instanceId)).isOne();
		return instanceId;
	}

	private String incidentOf(String instanceId) {
		return this.managementService.createDeadLetterJobQuery().processInstanceId(instanceId).singleResult().getId();
	}

	private MockHttpServletRequestBuilder as(String userId, MockHttpServletRequestBuilder request) {
		return request.with(user(this.users.loadUserByUsername(userId)));
	}

	private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn();
	}

	private String page(MockHttpServletRequestBuilder request, int status) throws Exception {
		MvcResult result = perform(request);
		assertThat(result.getResponse().getStatus()).isEqualTo(status);
		return result.getResponse().getContentAsString();
	}

}
