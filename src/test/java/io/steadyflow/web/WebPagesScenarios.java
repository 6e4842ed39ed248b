package io.steadyflow.web;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.security.ConfiguredUsers;
import io.steadyflow.support.Api;
import org.flowable.engine.TaskService;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
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
 * The pages through the whole Spring MVC and security stack: validation and typing of
 * form values, CSRF, and who may open and do what.
 */
abstract class WebPagesScenarios {

	@Autowired
	WebApplicationContext context;

	@Autowired
	ConfiguredUsers users;

	@Autowired
	TaskService taskService;

	@Autowired
	TestRestTemplate rest;

	MockMvc mvc;

	Api api;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		this.api = new Api(this.rest);
	}

	MockHttpServletRequestBuilder as(String userId, MockHttpServletRequestBuilder request) {
		return request.with(user(this.users.loadUserByUsername(userId)));
	}

	MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn();
	}

	String startInvoice(String clerk, String number, String amount) throws Exception {
		MvcResult result = perform(as(clerk, post("/start/invoice-approval")).with(csrf())
			.param("businessKey", number)
			.param("vendor", "ACME Tools")
			.param("invoiceNumber", number)
			.param("amount", amount)
			.param("currency", "EUR")
			.param("dueDate", "2026-12-31"));
		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		Matcher matcher = Pattern.compile("/instances/(.+)$").matcher(result.getResponse().getRedirectedUrl());
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	Task openTask(String instanceId) {
		return this.taskService.createTaskQuery().processInstanceId(instanceId).singleResult();
	}

	@Test
	void pagesNeedSignInAndFormsNeedTheCsrfToken() throws Exception {
		MvcResult anonymous = perform(get("/tasks"));
		assertThat(anonymous.getResponse().getStatus()).isEqualTo(302);
		assertThat(anonymous.getResponse().getRedirectedUrl()).endsWith("/login");
		assertThat(perform(get("/login")).getResponse().getContentAsString()).contains("Sign in", "_csrf");

		MvcResult withoutToken = perform(as("clara", post("/start/invoice-approval")).param("vendor", "ACME"));
		assertThat(withoutToken.getResponse().getStatus()).isEqualTo(403);
	}

	@Test
	void startFormKeepsWhatWasTypedAndNamesEveryProblem() throws Exception {
		MvcResult result = perform(as("clara", post("/start/invoice-approval")).with(csrf())
			.param("vendor", "")
			.param("invoiceNumber", "INV 7 ?")
			.param("amount", "12.345")
			.param("currency", "EUR")
			.param("dueDate", "31.12.2026"));
		assertThat(result.getResponse().getStatus()).isEqualTo(422);
		String page = result.getResponse().getContentAsString();
		assertThat(page).contains("id=\"error-vendor\"", "Enter vendor.", "id=\"error-invoiceNumber\"",
				"At most 2 decimals for EUR.", "is not a date like 2026-12-31", "value=\"INV 7 ?\"", "value=\"12.345\"",
				"value=\"31.12.2026\"");
		assertThat(page).doesNotContain("Started");
	}

	@Test
	void startsWithTypedVariablesAndShowsTheInstance() throws Exception {
		String instanceId = startInvoice("clara", "WEB-1", "2500.50");
		Map<String, Object> variables = this.taskService.getVariables(openTask(instanceId).getId());
		assertThat(variables.get("amount")).isEqualTo(new java.math.BigDecimal("2500.50"));
		assertThat(variables.get("currency")).isEqualTo("EUR");
		assertThat(variables.get("dueDate")).isEqualTo(java.time.LocalDate.of(2026, 12, 31));
		assertThat(openTask(instanceId).getTaskDefinitionKey()).isEqualTo("approveInvoice");

		String page = perform(as("clara", get("/instances/" + instanceId))).getResponse().getContentAsString();
		assertThat(page).contains("ACME Tools", "2500.50 EUR", "Approve invoice", "started");
		MvcResult diagram = perform(as("clara", get("/instances/" + instanceId + "/diagram.png")));
		assertThat(diagram.getResponse().getContentType()).isEqualTo("image/png");
		assertThat(diagram.getResponse().getContentAsByteArray()).hasSizeGreaterThan(1000);
		java.awt.image.BufferedImage image = javax.imageio.ImageIO
			.read(new java.io.ByteArrayInputStream(diagram.getResponse().getContentAsByteArray()));
		assertThat(image.getWidth()).isGreaterThan(800);
		assertThat(image.getHeight()).isGreaterThan(300);
		assertThat(perform(as("sam", get("/instances/" + instanceId + "/diagram.png"))).getResponse().getStatus())
			.isEqualTo(403);
		assertThat(perform(as("sam", get("/instances/" + instanceId))).getResponse().getContentAsString())
			.contains("You are not involved");
	}

	@Test
	void aDiagramDeployedWithoutLayoutIsLaidOutForItsInstances() throws Exception {
		String key = "no-layout-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		String xml = io.steadyflow.support.TestBpmn.userTaskProcess(key, "Review request", "approvers");
		assertThat(xml).doesNotContain("BPMNDiagram");
		assertThat(
				this.api.deploy("ada", Map.of(key + ".bpmn20.xml", io.steadyflow.support.TestBpmn.bytes(xml))).status())
			.isEqualTo(201);
		String instanceId = this.api.post("clara", "/api/process-definitions/" + key + "/instances", Map.of())
			.text("id");

		MvcResult diagram = perform(as("clara", get("/instances/" + instanceId + "/diagram.png")));

		assertThat(diagram.getResponse().getStatus()).isEqualTo(200);
		assertThat(diagram.getResponse().getContentType()).isEqualTo("image/png");
		java.awt.image.BufferedImage image = javax.imageio.ImageIO
			.read(new java.io.ByteArrayInputStream(diagram.getResponse().getContentAsByteArray()));
		assertThat(image.getWidth()).isGreaterThan(200);
	}

	@Test
	void rejectingNeedsAReasonAndTheDecisionIsRecorded() throws Exception {
		String instanceId = startInvoice("clara", "WEB-2", "5000");
		String taskId = openTask(instanceId).getId();
		assertThat(perform(as("clara", get("/tasks/" + taskId))).getResponse().getStatus()).isEqualTo(403);
		assertThat(perform(as("alex", get("/tasks"))).getResponse().getContentAsString()).contains(taskId);

		assertThat(perform(as("alex", post("/tasks/" + taskId + "/claim")).with(csrf())).getResponse().getStatus())
			.isEqualTo(302);
		assertThat(perform(as("alex", get("/tasks/" + taskId))).getResponse().getContentAsString())
			.contains("Check the invoice against the order and the delivery.", "id=\"shown-amount\">5000 EUR<");
		perform(as("alex", post("/tasks/" + taskId + "/comments")).with(csrf())
			.param("message", "Checked with purchasing."));
		MvcResult noReason = perform(as("alex", post("/tasks/" + taskId + "/complete")).with(csrf())
			.param("approval", "reject")
			.param("approvalReason", " "));
		assertThat(noReason.getResponse().getStatus()).isEqualTo(422);
		assertThat(noReason.getResponse().getContentAsString()).contains("A reason is required to reject.",
				"value=\"reject\" checked");
		assertThat(openTask(instanceId)).isNotNull();

		MvcResult done = perform(as("alex", post("/tasks/" + taskId + "/complete")).with(csrf())
			.param("approval", "reject")
			.param("approvalReason", "Not ordered by us."));
		assertThat(done.getResponse().getStatus()).isEqualTo(302);
		assertThat(openTask(instanceId)).isNull();

		MvcResult again = perform(
				as("amir", post("/tasks/" + taskId + "/complete")).with(csrf()).param("approval", "approve"));
		assertThat(again.getResponse().getStatus()).isEqualTo(409);
		assertThat(again.getResponse().getContentAsString()).contains("already completed by alex");

		JsonNode view = this.api.get("clara", "/api/process-instances/" + instanceId).body();
		assertThat(view.path("history").findValuesAsText("reason")).contains("Not ordered by us.");
		assertThat(view.path("taskLog").findValuesAsText("type")).contains("USER_TASK_ASSIGNEE_CHANGED");
		assertThat(view.path("comments").findValuesAsText("message")).containsExactly("Checked with purchasing.");
		String page = perform(as("clara", get("/instances/" + instanceId))).getResponse().getContentAsString();
		assertThat(page).contains("claimed &#39;Approve invoice&#39;", "Not ordered by us.", "reject", "commented");
	}

	@Test
	void unknownTaskIsA404PageWithoutDetails() throws Exception {
		MvcResult result = perform(as("alex", get("/tasks/no-such-task")));
		assertThat(result.getResponse().getStatus()).isEqualTo(404);
		assertThat(result.getResponse().getContentAsString()).contains("No task with id").doesNotContain("Exception");
	}

	@Test
	void fourEyesKeepsTheInitiatorFromTheApproval() throws Exception {
		String instanceId = startInvoice("carl", "WEB-4E", "5000");
		String taskId = openTask(instanceId).getId();
		assertThat(this.api.get("carl", "/api/tasks").body().findValuesAsText("id")).doesNotContain(taskId);
		assertThat(this.api.get("fiona", "/api/tasks").body().findValuesAsText("id")).contains(taskId);
		assertThat(perform(as("carl", get("/tasks"))).getResponse().getContentAsString()).doesNotContain(taskId);

		Api.Response claim = this.api.post("carl", "/api/tasks/" + taskId + "/claim", null);
		assertThat(claim.status()).isEqualTo(403);
		assertThat(claim.text("detail")).contains("Four eyes", "you started this workflow");
		Api.Response complete = this.api.post("carl", "/api/tasks/" + taskId + "/complete",
				Map.of("variables", Map.of("approval", "approve")));
		assertThat(complete.status()).isEqualTo(403);
		assertThat(perform(as("carl", post("/tasks/" + taskId + "/claim")).with(csrf())).getResponse().getStatus())
			.isEqualTo(403);
		assertThat(openTask(instanceId).getAssignee()).isNull();
	}

	@Test
	void handsOverOnlyToMembersOfTheOfferedGroups() throws Exception {
		String instanceId = startInvoice("clara", "WEB-HO", "5000");
		String taskId = openTask(instanceId).getId();
		perform(as("alex", post("/tasks/" + taskId + "/claim")).with(csrf()));
		assertThat(perform(as("alex", post("/tasks/" + taskId + "/hand-over")).with(csrf()).param("to", "sam"))
			.getResponse()
			.getStatus()).isEqualTo(400);
		assertThat(perform(as("alex", post("/tasks/" + taskId + "/hand-over")).with(csrf()).param("to", "amir"))
			.getResponse()
			.getStatus()).isEqualTo(302);
		assertThat(openTask(instanceId).getAssignee()).isEqualTo("amir");
		JsonNode log = this.api.get("clara", "/api/process-instances/" + instanceId).body().path("taskLog");
		assertThat(log.findValuesAsText("userId")).contains("alex");
	}

	@Test
	void inboxFiltersSortsAndMarksOverdueTasks() throws Exception {
		String instanceId = startInvoice("clara", "WEB-INBOX", "5000");
		String taskId = openTask(instanceId).getId();
		this.taskService.setDueDate(taskId, java.util.Date.from(java.time.Instant.now().minusSeconds(3600)));
		this.taskService.setPriority(taskId, 99);

		String byPriority = perform(as("amir", get("/tasks?sort=priority"))).getResponse().getContentAsString();
		Matcher first = Pattern.compile("data-task-id=\"([^\"]+)\"").matcher(byPriority);
		assertThat(first.find()).isTrue();
		assertThat(first.group(1)).isEqualTo(taskId);
		assertThat(byPriority).contains("overdue");
		assertThat(perform(as("amir", get("/tasks?scope=mine"))).getResponse().getContentAsString())
			.doesNotContain(taskId);

		perform(as("amir", post("/tasks/" + taskId + "/claim")).with(csrf()));
		assertThat(perform(as("amir", get("/tasks?scope=mine"))).getResponse().getContentAsString()).contains(taskId);
		assertThat(perform(as("amir", get("/tasks?scope=offered"))).getResponse().getContentAsString())
			.doesNotContain(taskId);
		assertThat(perform(as("alex", get("/tasks"))).getResponse().getContentAsString()).doesNotContain(taskId);
		assertThat(perform(as("alex", get("/tasks?process=no-such-process"))).getResponse().getContentAsString())
			.contains("Nothing to do here.");
		assertThat(perform(as("alex", get("/tasks?sort=sideways"))).getResponse().getStatus()).isEqualTo(400);
	}

	@Test
	void aBusinessKeyStartsOneInstanceOnly() throws Exception {
		String first = startInvoice("clara", "WEB-TWICE", "5000");
		MvcResult again = perform(as("clara", post("/start/invoice-approval")).with(csrf())
			.param("businessKey", "WEB-TWICE")
			.param("vendor", "ACME Tools")
			.param("invoiceNumber", "WEB-TWICE")
			.param("amount", "5000")
			.param("currency", "EUR")
			.param("dueDate", "2026-12-31"));
		assertThat(again.getResponse().getStatus()).isEqualTo(422);
		assertThat(again.getResponse().getContentAsString()).contains("id=\"error-businessKey\"", first,
				"value=\"ACME Tools\"");
		assertThat(perform(as("alex", get("/start"))).getResponse().getContentAsString())
			.contains("There is no workflow you can start here.");
		assertThat(perform(as("alex", get("/start/invoice-approval"))).getResponse().getStatus()).isEqualTo(403);
	}

}
