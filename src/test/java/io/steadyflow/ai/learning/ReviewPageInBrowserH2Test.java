package io.steadyflow.ai.learning;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.HeadlessChromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review page in a real headless Chromium: an author finds a candidate the triage
 * desk left, relabels it with the page's select, sees it accepted, then discards it; the
 * owner group's member sees the page without its forms. Screenshots under
 * target/screenshots.
 */
@H2Test
@Tag("browser")
class ReviewPageInBrowserH2Test {

	@LocalServerPort
	int port;

	@Autowired
	Candidates candidates;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Test
	void anAuthorRelabelsAndDiscardsACandidateOnThePage() throws IOException {
		Candidate candidate = new Candidate(Candidates.newId(), "ticket-triage", "browser-review", "classifyTicket",
				"ticket-triage.labels.json", null, "How do I invite the rest of my team to the workspace?", "access",
				0.58, false, "access", null, "They could not find the invite button", Candidate.LABELLED,
				"triageTicket", "sam", Instant.now(), Candidates.PENDING, null, null, null, null);
		this.candidates.record(candidate);
		try (HeadlessChromium chromium = HeadlessChromium.start(Duration.ofSeconds(2))) {
			WebDriver browser = chromium.driver();
			String row = "tr[data-candidate-id='" + candidate.id() + "']";

			signIn(browser, "ada");
			browser.get("http://localhost:" + this.port + "/processes/ticket-triage/learning");
			WebElement listed = browser.findElement(By.cssSelector(row));
			assertThat(listed.getText()).contains("How do I invite the rest of my team", "access", "sam");
			new Select(listed.findElement(By.name("label"))).selectByValue("onboarding");
			listed.findElement(By.cssSelector("button.relabel")).click();

			assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Accepted as 'onboarding'.");
			assertThat(browser.findElement(By.cssSelector(row)).getDomAttribute("data-status")).isEqualTo("accepted");
			assertThat(this.candidates.find("ticket-triage", candidate.id()).orElseThrow().reviewedBy())
				.isEqualTo("ada");
			chromium.screenshot("learning-review");

			browser.findElement(By.cssSelector(row + " button.discard")).click();
			assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Discarded.");
			assertThat(browser.findElements(By.cssSelector(row))).isEmpty();
			browser.manage().deleteAllCookies();

			signIn(browser, "maria");
			browser.get("http://localhost:" + this.port + "/processes/ticket-triage/learning");
			assertThat(browser.findElement(By.tagName("h1")).getText()).contains("learning from corrections");
			assertThat(browser.findElements(By.id("new-version"))).isEmpty();
		}
	}

	private void signIn(WebDriver browser, String user) {
		browser.get("http://localhost:" + this.port + "/login");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys("demo");
		browser.findElement(By.id("sign-in")).click();
		assertThat(browser.findElement(By.id("signed-in-user")).getText().strip()).isEqualTo(user);
	}

}
