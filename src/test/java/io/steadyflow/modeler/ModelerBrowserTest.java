package io.steadyflow.modeler;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
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

	@TempDir
	static Path downloads;

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
		options.setExperimentalOption("prefs", Map.of("download.default_directory",
				downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
		// the page's console, to check that its script reports no errors
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
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
		deployAfterConfirming();
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
		deployAfterConfirming();
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
		assertThat(browser.findElement(By.id("file-name")).getText()).as("saved and deployed under its process id")
			.isEqualTo("vacation-request.bpmn20.xml");
		screenshot("06-camunda7-imported");
		assertNoScriptErrors();
	}

	@Test
	void newAuthorModelsASmallProcessFromScratchAndDeploysIt() throws IOException {
		String key = "leaveRequest" + Long.toString(System.nanoTime(), 36);
		signIn("ada");
		browser.get(url("/modeler"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Opened a new diagram"));
		waitForFindings();

		// The process contract, on the process itself (nothing selected).
		setProperty("process-name", "Leave request");
		assertThat(browser.findElement(By.cssSelector("#properties [data-property='id']")).getDomProperty("value"))
			.as("a new process takes its id from its name")
			.isEqualTo("leave-request");
		setProperty("id", key);
		setProperty("sf-owner", "people-team");
		setProperty("sf-done-when", "Every leave request is approved or declined within two days");

		// Start event -> user task -> end event, with the context pad as a person would.
		shape("started").click();
		contextPad("append.append-task");
		typeLabel("Review leave request");
		assertThat(selectedElementId()).as("a drawn element takes its id from its name")
			.isEqualTo("reviewLeaveRequest");
		contextPad("replace");
		wait.until(ExpectedConditions
			.elementToBeClickable(By.cssSelector(".djs-popup [data-id='replace-with-user-task']"))).click();
		wait.until((driver) -> browser.findElement(By.cssSelector("#properties h2")).getText().startsWith("UserTask"));
		String taskId = selectedElementId();
		assertThat(taskId).isEqualTo("reviewLeaveRequest");
		setProperty("candidate-groups", "approvers");
		setProperty("due-date", "P2D");
		assertThat(shape(taskId).getDomAttribute("class")).contains("selected");
		contextPad("append.end-event");
		typeLabel("Leave decided");
		assertThat(selectedElementId()).isEqualTo("leaveDecided");
		// without an outcome class the end event is a readiness error, shown on it
		waitForFindings();
		wait.until((driver) -> "errors".equals(summaryState()));
		chooseProperty("sf-outcome", "done");

		waitForFindings();
		wait.until((driver) -> !"errors".equals(summaryState()) && !"checking".equals(summaryState()));
		screenshot("07-modeled-from-scratch");
		deployAfterConfirming();
		wait.until(
				ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Deployed " + key + " version 1"));
		var definition = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		assertThat(definition.getVersion()).isEqualTo(1);
		assertThat(definition.getName()).isEqualTo("Leave request");
		screenshot("08-deployed-from-scratch");
		assertNoScriptErrors();
	}

	/**
	 * The console holds no errors but the refused deployment's 422 (and other HTTP error
	 * answers the page shows to the author).
	 */
	private static void assertNoScriptErrors() {
		List<String> errors = browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource: the server responded with a status of"))
			.toList();
		assertThat(errors).isEmpty();
	}

	@Test
	void editedPropertiesAreInTheSavedFileWithEverythingElse() throws IOException {
		signIn("ada");
		browser.get(url("/modeler?key=invoice-approval"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Opened invoice-approval"));

		select("validateInvoice", "Validate invoice data");
		browser.findElement(By.cssSelector("#properties [data-property='async']")).click();
		setProperty("retry-cycle", "R2/PT1M");
		select("approvalLate", "Approval late");
		setProperty("timer-value", "P3D");
		// a straight connection has no area to click: its label selects it
		select("needsApproval_label", "At or above the auto-approval limit");
		setProperty("condition", "${amount >= 5000}");
		select("approveInvoice", "Approve invoice");
		setProperty("documentation", "Check the invoice twice.");
		screenshot("09-properties-edited");

		browser.findElement(By.id("download")).click();
		Path saved = downloads.resolve("invoice-approval.bpmn20.xml");
		wait.until((driver) -> Files.exists(saved)
				&& !Files.exists(downloads.resolve("invoice-approval.bpmn20.xml.crdownload")));
		String xml = Files.readString(saved);
		assertThat(xml).containsPattern("<serviceTask id=\"validateInvoice\"[^>]*flowable:async=\"true\"")
			.containsPattern("<serviceTask id=\"validateInvoice\"[^>]*>\\s*(<documentation>[^<]*</documentation>\\s*)?"
					+ "<extensionElements>\\s*"
					+ "<flowable:failedJobRetryTimeCycle>R2/PT1M</flowable:failedJobRetryTimeCycle>")
			.contains(">P3D</timeDuration>")
			.containsPattern("\\$\\{amount (&gt;|>)= 5000\\}")
			.contains("<documentation>Check the invoice twice.</documentation>");
		// what was not edited is still there
		assertThat(xml).contains("sf:owner=\"finance-operations\"")
			.contains("<flowable:taskListener event=\"complete\" delegateExpression=\"${decisionGuard}\"")
			.contains("<flowable:field name=\"candidateGroup\" stringValue=\"finance-leads\"")
			.contains("<flowable:failedJobRetryTimeCycle>R3/PT1M</flowable:failedJobRetryTimeCycle>")
			.contains("sf:reasonRequiredFor=\"reject\"");
		assertNoScriptErrors();
	}

	@Test
	void extensionElementsTheModelerDoesNotKnowAreInTheSavedFile() throws IOException {
		signIn("ada");
		browser.get(url("/modeler"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Opened a new diagram"));
		Path file = Path.of("frontend/test/fixtures/unknown-extensions.bpmn20.xml").toAbsolutePath();
		browser.findElement(By.id("open-file")).sendKeys(file.toString());
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
				"Opened unknown-extensions.bpmn20.xml"));
		assertThat(browser.findElement(By.id("import-warnings")).isDisplayed()).as("nothing of the file is lost")
			.isFalse();
		select("review", "Review");
		setProperty("documentation", "Check the checklist.");
		screenshot("10-unknown-extensions-edited");

		browser.findElement(By.id("download")).click();
		Path saved = downloads.resolve("unknown-extensions.bpmn20.xml");
		wait.until((driver) -> Files.exists(saved)
				&& !Files.exists(downloads.resolve("unknown-extensions.bpmn20.xml.crdownload")));
		String xml = Files.readString(saved);
		assertThat(xml).contains("<documentation>Check the checklist.</documentation>")
			.containsPattern("<flowable:somethingNew (foo=\"1\" bar=\"two words\"|bar=\"two words\" foo=\"1\")")
			.contains("<flowable:nested level=\"2\">deep &amp; escaped &lt;text&gt;</flowable:nested>")
			.contains("<sf:escalateTo group=\"finance-leads\">after one day</sf:escalateTo>")
			.contains("<flowable:futureOption name=\"retry\">3</flowable:futureOption>")
			.contains("<flowable:flowHint weight=\"2\">prefer this path</flowable:flowHint>")
			.contains("<sf:tag>audit</sf:tag>")
			.contains("<flowable:detail>kept</flowable:detail>")
			.contains("<sf:item done=\"true\">Cost centre known</sf:item>")
			.contains("<flowable:fallback bean=\"queueForLater\"")
			.contains("<sf:cost unit=\"EUR\">0.02</sf:cost>");
		assertNoScriptErrors();
	}

	/** Clicks an element of the diagram and waits until the panel shows it. */
	private void select(String elementId, String name) {
		shape(elementId).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#properties h2"), name));
	}

	private void contextPad(String action) {
		try {
			wait.until(ExpectedConditions
				.elementToBeClickable(By.cssSelector(".djs-context-pad.open .entry[data-action='" + action + "']")))
				.click();
		}
		catch (RuntimeException ex) {
			try {
				screenshot("failed-" + action);
			}
			catch (IOException io) {
				ex.addSuppressed(io);
			}
			throw ex;
		}
	}

	/** Types the label of the element just created (bpmn-js opens its label editor). */
	private void typeLabel(String text) {
		WebElement editor = wait.until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector(".djs-direct-editing-parent .djs-direct-editing-content")));
		editor.sendKeys(text);
		editor.sendKeys(Keys.ENTER);
		wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".djs-direct-editing-parent")));
	}

	private String selectedElementId() {
		return wait
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("g.djs-element.djs-shape.selected")))
			.getDomAttribute("data-element-id");
	}

	private void signIn(String user) {
		browser.get(url("/login"));
		browser.findElement(By.name("username")).sendKeys(user);
		browser.findElement(By.name("password")).sendKeys("demo");
		browser.findElement(By.id("sign-in")).click();
		wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	/** Types into a field of the properties panel and leaves it, as a person would. */
	private void chooseProperty(String name, String value) {
		WebElement select = wait.until(
				ExpectedConditions.elementToBeClickable(By.cssSelector("#properties [data-property='" + name + "']")));
		new org.openqa.selenium.support.ui.Select(select).selectByValue(value);
	}

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

	/**
	 * Deploy: the modeler first lists what changes against the deployed version, and only
	 * the confirm step deploys.
	 */
	private void deployAfterConfirming() {
		browser.findElement(By.id("deploy")).click();
		WebElement confirm = new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-confirmed")));
		assertThat(browser.findElement(By.cssSelector("#deploy-confirm .heading")).getText()).isNotBlank();
		confirm.click();
	}

}
