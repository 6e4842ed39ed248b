package io.steadyflow.drills;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.HeadlessChromium;
import io.steadyflow.support.PageSession;
import io.steadyflow.support.TestBpmn;
import org.flowable.engine.TaskService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill: script and event-handler payloads in everything a user can write that is shown
 * later — a deployed diagram's process name, documentation and task name, a business key,
 * form values, a decision's reason, a comment — and every page that shows them is opened
 * in headless Chromium. A payload that ran would set {@code window.__xss}; none may. The
 * payload text itself is on the page, shown as text.
 */
@H2Test
@Tag("browser")
class StoredXssDrillTest {

	static final String IMG = "<img src=x onerror=\"window.__xss=(window.__xss||0)+1\">";

	static final String SCRIPT = "<script>window.__xss=(window.__xss||0)+1</script>";

	static final String SVG = "\"><svg onload=\"window.__xss=(window.__xss||0)+1\">";

	static HeadlessChromium chromium;

	static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	TestRestTemplate rest;

	@Autowired
	TaskService taskService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		chromium = HeadlessChromium.start(Duration.ZERO);
		browser = chromium.driver();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void payloadsInEverythingUsersWriteStayInertOnEveryPage() throws Exception {
		Api api = new Api(this.rest);
		// a diagram whose names and documentation carry payloads (XML-escaped in the
		// file,
		// so the parsed names hold the raw markup)
		String key = "xss-drill";
		String xml = TestBpmn.userTaskProcess(key, escape(IMG + " Review"), "approvers")
			.replace("name=\"Test " + key + "\"", "name=\"" + escape(SVG + " Drill") + "\"")
			.replace("<startEvent", "<documentation>" + escape(SCRIPT + IMG) + "</documentation>\n    <startEvent");
		assertThat(api.deploy("ada", Map.of(key + ".bpmn20.xml", TestBpmn.bytes(xml))).status()).isEqualTo(201);

		// an invoice whose business key and data carry payloads, rejected with a payload
		// reason
		Api.Response invoice = api.post("clara", "/api/process-definitions/invoice-approval/instances",
				Map.of("businessKey", "K" + IMG, "variables", Map.of("vendor", SCRIPT + "ACME", "invoiceNumber", SVG,
						"amount", 2500.00, "currency", "EUR", "dueDate", "2026-12-31")));
		assertThat(invoice.status()).isEqualTo(201);
		String invoiceId = invoice.text("id");
		String approval = this.taskService.createTaskQuery().processInstanceId(invoiceId).singleResult().getId();
		PageSession alex = PageSession.signIn(this.port, "alex");
		assertThat(alex
			.send("POST", "/tasks/" + approval + "/comments", "application/x-www-form-urlencoded",
					"message=" + java.net.URLEncoder.encode(IMG + SCRIPT, "UTF-8"))
			.status()).isEqualTo(302);

		Api.Response drill = api.post("clara", "/api/process-definitions/" + key + "/instances",
				Map.of("businessKey", SVG, "variables", Map.of("note", IMG)));
		assertThat(drill.status()).isEqualTo(201);
		String drillTask = this.taskService.createTaskQuery()
			.processInstanceId(drill.text("id"))
			.singleResult()
			.getId();

		List<String> ran = new ArrayList<>();
		signIn("alex");
		for (String page : List.of("/tasks", "/tasks/" + approval, "/tasks/" + drillTask, "/instances/" + invoiceId,
				"/instances/" + drill.text("id"))) {
			visit(page, ran);
		}
		assertThat(api
			.post("alex", "/api/tasks/" + approval + "/complete",
					Map.of("variables", Map.of("approval", "reject", "approvalReason", SVG + IMG)))
			.status()).isEqualTo(204);
		visit("/instances/" + invoiceId, ran);
		assertThat(browser.findElement(By.tagName("body")).getText()).contains("onerror=");
		signIn("ada");
		for (String page : List.of("/readiness", "/start", "/modeler?key=" + key)) {
			visit(page, ran);
		}
		screenshot("xss-drill-instance");
		assertThat(ran).as("pages where a payload ran").isEmpty();
	}

	private void visit(String page, List<String> ran) throws IOException {
		browser.get("http://localhost:" + this.port + page);
		new WebDriverWait(browser, Duration.ofSeconds(15)).until((driver) -> "complete"
			.equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
		// let images fail and handlers fire
		new WebDriverWait(browser, Duration.ofSeconds(2)).pollingEvery(Duration.ofMillis(500)).until((driver) -> true);
		Object marker = ((JavascriptExecutor) browser).executeScript("return window.__xss;");
		if (marker != null) {
			ran.add(page + " (" + marker + ")");
			screenshot("xss-ran-" + page.replaceAll("[^a-z0-9]+", "-"));
		}
	}

	private void signIn(String user) {
		browser.manage().deleteAllCookies();
		browser.get("http://localhost:" + this.port + "/login");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys("demo");
		browser.findElement(By.id("sign-in")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.textToBe(By.id("signed-in-user"), user));
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static void screenshot(String name) throws IOException {
		chromium.screenshot(name);
	}

}
