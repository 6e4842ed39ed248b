package io.steadyflow.docs;

import java.io.IOException;
import java.time.Duration;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.HeadlessChromium;
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
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation page in a real headless Chromium: fiona, owner of the invoice
 * workflow, follows the link from the owner's view, sees the text and the bpmn-js diagram
 * with every step numbered as in the text, and clicking a step's number scrolls to its
 * description; an unknown version is the 404 page, a worker gets the 403 page, also for
 * the diagram behind it. Screenshots under target/screenshots. Needs the frontend bundle
 * (the Maven build without -Dskip.frontend).
 */
@H2Test
@Tag("browser")
class ProcessDocsInBrowserTest {

	static HeadlessChromium chromium;

	static WebDriver browser;

	@LocalServerPort
	int port;

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
	void theOwnerReadsTheDocsBesideTheNumberedDiagramAndClicksAStepToReadIt() throws IOException {
		signIn("fiona");
		open("/processes/invoice-approval");
		browser.findElement(By.id("docs-link")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until((driver) -> driver.getCurrentUrl().contains("/docs")
				&& driver.findElement(By.id("docs-diagram")).getDomAttribute("data-overlays") != null);

		assertThat(browser.findElement(By.id("docs-owner")).getText()).isEqualTo("finance-operations");
		assertThat(browser.findElement(By.id("docs-purpose")).getText())
			.startsWith("A clerk enters a received invoice");
		int steps = browser.findElements(By.cssSelector("#docs-steps .doc-step")).size();
		assertThat(steps).isEqualTo(19);
		assertThat(Integer.parseInt(browser.findElement(By.id("docs-diagram")).getDomAttribute("data-overlays")))
			.as("every step of the text is numbered on the diagram")
			.isEqualTo(steps);
		WebElement approve = browser.findElement(By.id("step-approveInvoice"));
		WebElement badge = browser.findElement(By.cssSelector("#docs-diagram .step-badge[data-step='approveInvoice']"));
		assertThat(badge.getText()).isEqualTo(approve.getDomAttribute("data-number"));
		assertThat(approve.getText()).contains("Four eyes: never the person who started the instance", "Approval late",
				"Offer approval to finance leads");
		browser.manage().window().setSize(new Dimension(1280, 1200));
		screenshot("process-docs-invoice-approval");

		badge.click();
		new WebDriverWait(browser, Duration.ofSeconds(5))
			.until((driver) -> driver.getCurrentUrl().endsWith("#step-approveInvoice"));
		assertThat(approve.getDomAttribute("class")).contains("current");
		// scrolled to the step: it is at the top of the window
		new WebDriverWait(browser, Duration.ofSeconds(5)).until((driver) -> ((Number) ((JavascriptExecutor) driver)
			.executeScript("return arguments[0].getBoundingClientRect().top;", approve)).doubleValue() < 400);
		screenshot("process-docs-step-clicked");
		browser.manage().window().setSize(new Dimension(1280, 1000));
	}

	@Test
	void unknownVersionsAndProcessesAreNotFoundAndWorkersAreRefused() throws IOException {
		signIn("fiona");
		open("/processes/invoice-approval/docs?version=999");
		assertThat(browser.getPageSource()).contains("404").contains("no version 999").doesNotContain("docs-diagram");
		screenshot("process-docs-unknown-version");
		open("/processes/no-such-process/docs");
		assertThat(browser.getPageSource()).contains("404").contains("no-such-process");
		open("/processes/invoice-approval/docs/diagram.bpmn?version=1");
		assertThat(browser.getPageSource()).contains("invoice-approval");
		browser.manage().deleteAllCookies();

		signIn("alex");
		open("/processes/invoice-approval/docs");
		assertThat(browser.getPageSource()).contains("403").doesNotContain("docs-diagram");
		open("/processes/invoice-approval/docs/diagram.bpmn");
		assertThat(browser.getPageSource()).contains("403").doesNotContain("approveInvoice");
	}

	private void signIn(String user) {
		open("/login");
		WebElement name = browser.findElement(By.id("username"));
		name.clear();
		name.sendKeys(user);
		browser.findElement(By.id("password")).sendKeys("demo");
		browser.findElement(By.id("sign-in")).click();
		assertThat(browser.findElement(By.id("signed-in-user")).getText().strip()).isEqualTo(user);
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private static void screenshot(String name) throws IOException {
		chromium.screenshot(name);
	}

}
