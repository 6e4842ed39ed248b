package io.steadyflow.web;

import java.io.IOException;
import java.time.Duration;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.HeadlessChromium;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.TestErp;
import org.flowable.engine.ManagementService;
import org.flowable.engine.TaskService;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoice workflow in a real headless Chromium (Debian's chromium and
 * chromium-driver; nothing is downloaded): a clerk enters an invoice through the start
 * form, an approver claims it, is refused a rejection without reason and approves, the
 * clerk reads the decision on the instance page of the posted invoice. Screenshots of the
 * inbox, a task with a validation error and the instance page are saved under
 * target/screenshots.
 */
@H2Test
@Tag("browser")
class InvoiceInBrowserH2Test {

	static HeadlessChromium chromium;

	static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	TaskService taskService;

	@Autowired
	ManagementService managementService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		chromium = HeadlessChromium.start(Duration.ofSeconds(2));
		browser = chromium.driver();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@BeforeEach
	void signedOut() {
		browser.manage().deleteAllCookies();
	}

	@Test
	void clerkEntersAnInvoiceApproverNeedsAReasonToRejectApprovesClerkSeesTheDecision() throws IOException {
		signIn("clara");
		open("/start");
		browser.findElement(By.id("start-invoice-approval")).click();
		type("businessKey", "BROWSER-1");
		type("invoiceNumber", "BROWSER-1");
		type("amount", "4200.00");
		new Select(browser.findElement(By.id("currency"))).selectByValue("EUR");
		setValue("dueDate", "2026-12-31");
		browser.findElement(By.id("start-submit")).click();

		// The vendor is missing: the error is next to it and everything typed is still
		// there.
		assertThat(text("error-vendor")).isEqualTo("Enter vendor.");
		assertThat(value("amount")).isEqualTo("4200.00");
		assertThat(value("invoiceNumber")).isEqualTo("BROWSER-1");
		assertThat(value("dueDate")).isEqualTo("2026-12-31");
		screenshot("start-form-with-error");

		type("vendor", "Northwind Traders");
		browser.findElement(By.id("start-submit")).click();
		waitForUrl("/instances/");
		String instanceId = browser.getCurrentUrl().replaceAll(".*/instances/", "");
		assertThat(text("flash")).contains("Started");
		signOut();

		signIn("alex");
		Task task = this.taskService.createTaskQuery().processInstanceId(instanceId).singleResult();
		assertThat(browser.findElement(By.cssSelector("tr[data-task-id='" + task.getId() + "']")).getText())
			.contains("Approve invoice", "BROWSER-1", "claimable");
		screenshot("inbox");
		browser.manage().window().setSize(new Dimension(390, 844));
		screenshot("inbox-phone");
		browser.manage().window().setSize(new Dimension(1280, 1000));
		browser.findElement(By.cssSelector("tr[data-task-id='" + task.getId() + "'] a")).click();
		assertThat(text("shown-vendor")).isEqualTo("Northwind Traders");
		assertThat(text("shown-amount")).isEqualTo("4200.00 EUR");
		browser.findElement(By.id("claim")).click();
		assertThat(text("assignee")).isEqualTo("alex");

		browser.findElement(By.id("approval-reject")).click();
		browser.findElement(By.id("complete")).click();
		assertThat(text("error-approvalReason")).isEqualTo("A reason is required to reject.");
		assertThat(browser.findElement(By.id("approval-reject")).isSelected()).isTrue();
		assertThat(this.taskService.createTaskQuery().taskId(task.getId()).count()).isOne();
		screenshot("task-with-validation-error");

		// On second thought the approver approves, noting why; the invoice is posted to
		// the ERP.
		browser.findElement(By.id("approval-approve")).click();
		type("approvalReason", "Matches purchase order PO-4711.");
		browser.findElement(By.id("complete")).click();
		assertThat(text("flash")).contains("Done");
		assertThat(this.taskService.createTaskQuery().taskId(task.getId()).count()).isZero();
		TestErp.get().willAnswer(TestErp.Answer.ok("DOC-BROWSER-1"));
		new Jobs(this.managementService).runAll(instanceId);
		signOut();

		signIn("clara");
		open("/instances/" + instanceId);
		assertThat(text("instance-state")).isEqualTo("completed");
		WebElement decision = browser.findElement(By.cssSelector("#timeline li.decision"));
		assertThat(decision.getText()).contains("alex", "completed 'Approve invoice'", "approve",
				"Matches purchase order PO-4711.");
		assertThat(browser.findElement(By.id("timeline")).getText()).contains("ended at 'Invoice posted'");
		assertThat(browser.findElement(By.id("timeline")).getText()).contains("alex claimed 'Approve invoice'");
		assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
				"const img = document.getElementById('diagram'); return img.complete && img.naturalWidth > 0;"))
			.isTrue();
		screenshot("instance");
		((JavascriptExecutor) browser).executeScript("document.getElementById('diagram').scrollIntoView();");
		screenshot("instance-diagram");
	}

	@Test
	void theClerkWhoEnteredAnInvoiceCannotApproveIt() {
		signIn("carl");
		open("/start/invoice-approval");
		type("vendor", "Contoso");
		type("invoiceNumber", "BROWSER-4E");
		type("amount", "9000");
		setValue("dueDate", "2026-12-31");
		browser.findElement(By.id("start-submit")).click();
		waitForUrl("/instances/");
		String instanceId = browser.getCurrentUrl().replaceAll(".*/instances/", "");
		Task task = this.taskService.createTaskQuery().processInstanceId(instanceId).singleResult();

		open("/tasks");
		assertThat(browser.findElements(By.cssSelector("tr[data-task-id='" + task.getId() + "']"))).isEmpty();
		open("/tasks/" + task.getId());
		assertThat(text("error-title")).startsWith("403");
		assertThat(text("error-message")).contains("Four eyes", "you started this workflow");
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefused() {
		signIn("clara");
		open("/start/invoice-approval");
		((JavascriptExecutor) browser)
			.executeScript("document.querySelectorAll('input[name=_csrf]').forEach((input) => input.remove());");
		type("vendor", "Forged");
		browser.findElement(By.id("start-submit")).click();
		assertThat(text("error-title")).startsWith("403");
		assertThat(this.taskService.createTaskQuery().processVariableValueEquals("vendor", "Forged").count()).isZero();
	}

	private void signIn(String user) {
		open("/login");
		type("username", user);
		type("password", "demo");
		browser.findElement(By.id("sign-in")).click();
		assertThat(text("signed-in-user")).isEqualTo(user);
	}

	private void signOut() {
		browser.findElement(By.id("sign-out")).click();
		waitForUrl("/login");
	}

	private static void waitForUrl(String part) {
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains(part));
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private static void type(String id, String text) {
		WebElement element = browser.findElement(By.id(id));
		element.clear();
		element.sendKeys(text);
	}

	/**
	 * Date inputs take typed text in the browser's locale; setting the value is exact.
	 */
	private static void setValue(String id, String value) {
		((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
				browser.findElement(By.id(id)), value);
	}

	private static String text(String id) {
		return browser.findElement(By.id(id)).getText().strip();
	}

	private static String value(String id) {
		return browser.findElement(By.id(id)).getDomProperty("value");
	}

	private static void screenshot(String name) throws IOException {
		chromium.screenshot(name);
	}

}
