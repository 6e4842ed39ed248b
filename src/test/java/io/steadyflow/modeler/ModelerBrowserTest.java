package io.steadyflow.modeler;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import org.flowable.engine.RepositoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modeler in a real headless Chromium (Debian's chromium and chromium-driver): an
 * author opens the invoice workflow, breaks it and sees the findings on the diagram, is
 * refused the deployment, repairs it and deploys a new version, and imports a Camunda 7
 * model. Screenshots of each step go to target/modeler-screenshots/.
 */
@H2Test
@Tag("browser")
class ModelerBrowserTest {

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path SCREENSHOTS = Path.of("target", "modeler-screenshots");

	@TempDir
	static Path profile;

	static ChromeDriver browser;

	static WebDriverWait wait;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	RepositoryService repositoryService;

	@BeforeAll
	static void startBrowser() throws IOException {
		assertThat(CHROMEDRIVER).as("Debian's chromium-driver package (see .ci/run)").isExecutable();
		assertThat(CHROMIUM).as("Debian's chromium package (see .ci/run)").isExecutable();
		Files.createDirectories(SCREENSHOTS);
		// The driver and the browser are named explicitly, so Selenium Manager has
		// nothing to look up or download.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1600,1000", "--user-data-dir=" + profile.toAbsolutePath());
		browser = new ChromeDriver(service, options);
		wait = new WebDriverWait(browser, Duration.ofSeconds(20));
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void authorBreaksRepairsAndDeploysTheInvoiceWorkflowAndImportsACamunda7Model() throws IOException {
		int versionBefore = latestInvoiceVersion();
		signIn("ada");

		// Open the deployed invoice workflow: it is drawn, and it is ready.
		browser.get(url("/modeler?key=invoice-approval"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Opened invoice-approval"));
		assertThat(shape("approveInvoice").isDisplayed()).isTrue();
		assertThat(shape("postToErp").isDisplayed()).isTrue();
		waitForFindings();
		assertThat(summaryState()).isNotEqualTo("errors");
		screenshot("01-invoice-opened");

		// Remove the owner: the process is marked and the deployment is refused.
		setProperty("sf-owner", "");
		wait.until(ExpectedConditions.attributeContains(By.id("canvas"), "class", "sf-process-error"));
		WebElement ownerFinding = wait.until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#findings li.finding-error[data-rule='owner']")));
		assertThat(ownerFinding.getText()).contains("invoice-approval");
		screenshot("02-owner-removed");
		browser.findElement(By.id("deploy")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Deploy refused"));
		assertThat(latestInvoiceVersion()).isEqualTo(versionBefore);
		screenshot("03-deploy-refused");

		// Take the approvers off a task: the task gets an error marker, and its finding
		// selects it.
		shape("approveInvoice").click();
		wait.until(ExpectedConditions.attributeContains(shapeLocator("approveInvoice"), "class", "selected"));
		setProperty("candidate-groups", "");
		wait.until(ExpectedConditions.attributeContains(shapeLocator("approveInvoice"), "class", "sf-error"));
		browser.findElement(By.cssSelector("#findings li[data-rule='owner']")).click();
		wait.until(ExpectedConditions
			.not(ExpectedConditions.attributeContains(shapeLocator("approveInvoice"), "class", "selected")));
		browser
			.findElement(By.cssSelector("#findings li[data-element-id='approveInvoice'][data-rule='human-assignment']"))
			.click();
		wait.until(ExpectedConditions.attributeContains(shapeLocator("approveInvoice"), "class", "selected"));
		assertThat(browser.findElement(By.cssSelector("#properties h2")).getText()).contains("Approve invoice");
		screenshot("04-finding-selects-task");

		// Repair both: no errors left, and the deployment makes a new version.
		setProperty("candidate-groups", "approvers");
		wait.until(ExpectedConditions
			.not(ExpectedConditions.attributeContains(shapeLocator("approveInvoice"), "class", "sf-error")));
		browser.findElement(By.cssSelector("#findings li[data-rule='owner']")).click();
		setProperty("sf-owner", "finance-operations");
		wait.until(ExpectedConditions
			.not(ExpectedConditions.attributeContains(By.id("canvas"), "class", "sf-process-error")));
		waitForFindings();
		assertThat(summaryState()).isNotEqualTo("errors");
		browser.findElement(By.id("deploy")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Deployed invoice-approval"));
		int versionAfter = latestInvoiceVersion();
		assertThat(versionAfter).isEqualTo(versionBefore + 1);
		assertThat(browser.findElement(By.id("status")).getText()).contains("version " + versionAfter);
		assertThat(browser.findElement(By.id("deployed-version")).getText())
			.isEqualTo("invoice-approval version " + versionAfter);
		screenshot("05-deployed");

		// Import a Camunda 7 model: the conversion notes and what is missing are listed.
		Path camunda = Path.of("src/test/resources/camunda7/user-tasks-with-forms.bpmn").toAbsolutePath();
		browser.findElement(By.id("import-camunda7")).sendKeys(camunda.toString());
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conversion-notes")));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#findings li[data-rule='owner']")));
		List<WebElement> notes = browser.findElements(By.cssSelector("#conversion-notes li.note"));
		assertThat(notes).isNotEmpty();
		assertThat(notes.stream().map(WebElement::getText).toList()).anyMatch((note) -> note.startsWith("lost:"));
		assertThat(browser.findElement(By.id("file-name")).getText()).isEqualTo("user-tasks-with-forms.bpmn20.xml");
		screenshot("06-camunda7-imported");
	}

	private void signIn(String user) {
		browser.get(url("/login"));
		browser.findElement(By.name("username")).sendKeys(user);
		browser.findElement(By.name("password")).sendKeys("demo");
		browser.findElement(By.cssSelector("form [type='submit']")).click();
		wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	/** Types into a field of the properties panel and leaves it, as a person would. */
	private void setProperty(String name, String value) {
		WebElement input = wait.until(
				ExpectedConditions.elementToBeClickable(By.cssSelector("#properties [data-property='" + name + "']")));
		input.click();
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		input.sendKeys(value, Keys.TAB);
	}

	private void waitForFindings() {
		wait.until((driver) -> !"checking".equals(summaryState()));
	}

	private String summaryState() {
		return browser.findElement(By.id("findings-summary")).getDomAttribute("data-state");
	}

	private static By shapeLocator(String elementId) {
		return By.cssSelector("g.djs-element[data-element-id='" + elementId + "']");
	}

	private WebElement shape(String elementId) {
		return wait.until(ExpectedConditions.presenceOfElementLocated(shapeLocator(elementId)));
	}

	private int latestInvoiceVersion() {
		return this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey("invoice-approval")
			.latestVersion()
			.singleResult()
			.getVersion();
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static void screenshot(String name) throws IOException {
		File shot = browser.getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

}
