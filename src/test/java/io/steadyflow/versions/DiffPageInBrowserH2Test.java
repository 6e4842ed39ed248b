package io.steadyflow.versions;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.HeadlessChromium;
import io.steadyflow.support.TestBpmn;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.Dimension;
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
 * The diff page in a real headless Chromium: ada (author) opens
 * {@code /processes/{key}/diff?from=1&to=2} between a version and one that added a
 * boundary timer and renamed a step; both bpmn-js diagrams are drawn with the changed
 * elements marked, the list shows the two changes, and the dry run reports the running
 * instance. Screenshots under target/screenshots. Needs the frontend bundle.
 */
@H2Test
@Tag("browser")
class DiffPageInBrowserH2Test {

	static HeadlessChromium chromium;

	static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		chromium = HeadlessChromium.start(Duration.ofSeconds(2));
		browser = chromium.driver();
		browser.manage().window().setSize(new Dimension(1400, 1100));
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void bothDiagramsAreDrawnWithTheChangesMarkedAndTheDryRunReports() throws IOException {
		String key = "diff-page-" + UUID.randomUUID().toString().substring(0, 8);
		Api api = new Api(this.rest);
		assertThat(api.deploy("ada", Map.of(key + ".bpmn20.xml", TestBpmn.bytes(VersionFixtures.base(key)))).status())
			.isEqualTo(201);
		this.runtimeService.startProcessInstanceByKey(key, Map.of("path", "review"));
		String v2 = VersionFixtures.edit(VersionFixtures.withBoundaryTimer(key), "name=\"Check request\"",
				"name=\"Check the request\"");
		assertThat(api.deploy("ada", Map.of(key + ".bpmn20.xml", TestBpmn.bytes(v2))).status()).isEqualTo(201);

		browser.manage().deleteAllCookies();
		browser.get("http://localhost:" + this.port + "/login");
		// an operator: the process page (owners, operators, admins) leads to the latest
		// change
		browser.findElement(By.id("username")).sendKeys("otto");
		browser.findElement(By.id("password")).sendKeys("demo");
		browser.findElement(By.id("sign-in")).click();
		browser.get("http://localhost:" + this.port + "/processes/" + key);
		WebElement diffLink = browser.findElement(By.id("diff-link"));
		assertThat(diffLink.getText()).isEqualTo("What changed in version 2");
		diffLink.click();
		assertThat(browser.getCurrentUrl()).endsWith("/processes/" + key + "/diff?from=1&to=2");
		try {
			new WebDriverWait(browser, Duration.ofSeconds(30))
				.until((driver) -> driver.findElement(By.id("diagram-to")).getDomAttribute("data-marked") != null
						&& driver.findElement(By.id("diagram-from")).getDomAttribute("data-marked") != null);
		}
		catch (RuntimeException ex) {
			chromium.screenshot("versions-diff-failed");
			throw new AssertionError(
					"the diagrams were not drawn: " + browser.findElement(By.tagName("main")).getText(), ex);
		}
		// the newer diagram marks the added timer and the renamed step, the older one
		// only
		// the renamed step
		assertThat(browser.findElement(By.id("diagram-to")).getDomAttribute("data-marked")).isEqualTo("2");
		assertThat(browser.findElement(By.id("diagram-from")).getDomAttribute("data-marked")).isEqualTo("1");
		assertThat(browser.findElements(By.cssSelector("#diagram-to .djs-element.diff-added"))).hasSize(1);
		assertThat(browser.findElements(By.cssSelector("#diagram-to .djs-element.diff-changed"))).hasSize(1);
		assertThat(browser.findElements(By.cssSelector("#changes tbody tr"))).hasSize(2);
		assertThat(browser.findElement(By.id("counts")).getText()).startsWith("1 added · 0 removed · 1 changed");
		chromium.screenshot("versions-diff");

		browser.findElement(By.id("dry-run")).click();
		// the form posts and the answer is a new page: wait for it, not for the old one's
		// summary, which goes stale as the page is replaced
		new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("migration-summary"), "Dry run: "));
		assertThat(browser.findElement(By.id("migration-summary")).getText())
			.contains("Dry run: 1 of 1 instance(s) can move to version 2");
		chromium.screenshot("versions-diff-dry-run");
	}

}
