package io.steadyflow.operations.owner;

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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner's pages in a real headless Chromium (Debian's chromium and chromium-driver):
 * an invoice waits for its approval, fiona (finance-operations, the invoice workflow's
 * owner) opens {@code /processes} and {@code /processes/invoice-approval}, where the
 * Chart.js chart and the bpmn-js diagram with its heat overlays are drawn; alex, a
 * worker, gets the 403 page. Screenshots under target/screenshots. Needs the frontend
 * bundle (the Maven build without -Dskip.frontend).
 */
@H2Test
@Tag("browser")
class OwnerViewInBrowserH2Test {

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
	void theOwnerSeesTheChartAndWhereWorkWaitsOthersGet403() throws IOException {
		signIn("clara");
		open("/start/invoice-approval");
		type("businessKey", "OWNER-VIEW-1");
		type("invoiceNumber", "OWNER-VIEW-1");
		type("vendor", "Northwind Traders");
		type("amount", "4200.00");
		new Select(browser.findElement(By.id("currency"))).selectByValue("EUR");
		((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
				browser.findElement(By.id("dueDate")), "2026-12-31");
		browser.findElement(By.id("start-submit")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until((driver) -> driver.getCurrentUrl().contains("/instances/"));
		browser.manage().deleteAllCookies();

		signIn("fiona");
		open("/processes");
		WebElement row = browser.findElement(By.cssSelector("tr[data-process='invoice-approval']"));
		assertThat(row.getText()).contains("finance-operations");
		assertThat(row.findElements(By.cssSelector(".trait-badge"))).hasSize(6);
		assertThat(browser.findElements(By.cssSelector("tr[data-process='order-sync']"))).isEmpty();
		screenshot("owner-processes");

		row.findElement(By.linkText("Invoice approval")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until((driver) -> driver.findElement(By.id("per-day-chart")).getDomAttribute("data-drawn") != null
					&& driver.findElement(By.id("diagram")).getDomAttribute("data-overlays") != null);
		assertThat(browser.findElement(By.id("per-day-chart")).getDomAttribute("data-drawn")).isEqualTo("30");
		Object chartDrawn = ((JavascriptExecutor) browser)
			.executeScript("const c = document.getElementById('per-day-chart'); return c.width > 0 && c.height > 0;");
		assertThat(chartDrawn).isEqualTo(true);
		assertThat(browser.findElements(By.cssSelector("#diagram .djs-element"))).isNotEmpty();
		assertThat(Integer.parseInt(browser.findElement(By.id("diagram")).getDomAttribute("data-overlays")))
			.isPositive();
		WebElement waiting = browser
			.findElement(By.cssSelector("#diagram .heat-overlay[data-activity='approveInvoice']"));
		assertThat(waiting.getText()).contains("waiting");
		assertThat(browser.findElements(By.cssSelector("#scorecard .trait"))).hasSize(6);
		// the whole page: scorecard, figures, chart, diagram and tables
		browser.manage().window().setSize(new Dimension(1280, 3400));
		screenshot("owner-process-invoice-approval");
		browser.manage().window().setSize(new Dimension(1280, 1000));
		browser.manage().deleteAllCookies();

		signIn("alex");
		open("/processes/invoice-approval");
		assertThat(browser.getPageSource()).contains("403").doesNotContain("per-day-chart");
		screenshot("owner-process-forbidden");
	}

	private void signIn(String user) {
		open("/login");
		type("username", user);
		type("password", "demo");
		browser.findElement(By.id("sign-in")).click();
		assertThat(browser.findElement(By.id("signed-in-user")).getText().strip()).isEqualTo(user);
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private static void type(String id, String text) {
		WebElement element = browser.findElement(By.id(id));
		element.clear();
		element.sendKeys(text);
	}

	private static void screenshot(String name) throws IOException {
		chromium.screenshot(name);
	}

}
