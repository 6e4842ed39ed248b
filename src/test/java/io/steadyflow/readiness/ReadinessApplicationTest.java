package io.steadyflow.readiness;

import static io.steadyflow.readiness.Bpmn.line;
import static io.steadyflow.readiness.Bpmn.process;
import static io.steadyflow.readiness.Bpmn.userTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.variable.service.impl.el.NoExecutionVariableScope;
import org.flowable.engine.RepositoryService;
import io.steadyflow.bpmn.BpmnSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The linter inside the running application: the deploy gate in the engine, the dry-run
 * API and the page. One application context for all of it.
 */
@SpringBootTest(properties = { "flowable.async-executor-activate=false",
		"spring.datasource.url=jdbc:h2:mem:readiness;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
class ReadinessApplicationTest {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RepositoryService repositoryService;

	@Autowired
	private ProcessEngineConfigurationImpl processEngineConfiguration;

	@Autowired
	private ReadinessLinter linter;

	/** An author; the security configuration of the platform decides what that allows. */
	private static RequestPostProcessor author() {
		return user("ada").roles("AUTHOR");
	}

	@Test
	void comparesToolAndAiStepsWithTheApplicationsConfiguration() {
		String step = "<serviceTask id=\"fetch\" name=\"Fetch order\" flowable:delegateExpression=\"${httpTool}\" "
				+ "flowable:async=\"true\"><extensionElements>"
				+ "<flowable:field name=\"system\" stringValue=\"order-sauce\"/>"
				+ "<flowable:field name=\"url\" stringValue=\"/orders\"/>"
				+ "<flowable:field name=\"auth\" stringValue=\"order-target\"/>"
				+ "<flowable:failedJobRetryTimeCycle>R3/PT1M</flowable:failedJobRetryTimeCycle>"
				+ "</extensionElements></serviceTask>";
		String ai = "<serviceTask id=\"classify\" name=\"Suggest team\" flowable:delegateExpression=\"${aiStep}\" "
				+ "flowable:async=\"true\" sf:ai=\"classify\" sf:aiInput=\"subject\" sf:aiResult=\"suggestion\" "
				+ "sf:aiLabels=\"%s\"><extensionElements>"
				+ "<flowable:failedJobRetryTimeCycle>R3/PT1M</flowable:failedJobRetryTimeCycle>"
				+ "</extensionElements></serviceTask>";
		FileReport wrong = this.linter.lint(Bpmn
			.source(process(line(step, ai.formatted("tickets.labels.json"), userTask("review", "Review suggestion")))));
		assertThat(wrong.findings()).filteredOn((finding) -> finding.severity() == Severity.ERROR)
			.extracting(Finding::rule, Finding::elementId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("tool-config", "fetch"),
					org.assertj.core.groups.Tuple.tuple("ai-config", "classify"));
		assertThat(wrong.findings()).filteredOn((finding) -> finding.rule().equals("tool-config"))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.hint()).contains("order-source, order-target"));
		FileReport right = this.linter.lint(Bpmn.source(process(line(step.replace("order-sauce", "order-source"),
				ai.formatted("ticket-triage.labels.json"), userTask("review", "Review suggestion")))));
		assertThat(right.findings()).filteredOn((finding) -> finding.rule().endsWith("-config")).isEmpty();
	}

	@Test
	void engineRefusesDeploymentWithErrorsWhateverTheRoute() {
		long before = this.repositoryService.createDeploymentQuery().count();
		String unowned = process("id=\"unowned\" isExecutable=\"true\" sf:doneWhen=\"Answered\"",
				line(userTask("answer", "Answer request")));
		assertThatExceptionOfType(DeploymentRefusedException.class)
			.isThrownBy(() -> this.repositoryService.createDeployment()
				.addString("unowned.bpmn", unowned)
				.disableBpmnValidation()
				.disableSchemaValidation()
				.deploy())
			.satisfies((refused) -> assertThat(refused.getReports()).singleElement().satisfies((report) -> {
				assertThat(report.fileName()).isEqualTo("unowned.bpmn");
				assertThat(report.findings()).extracting(Finding::rule).containsExactly("owner");
			}));
		assertThat(this.repositoryService.createDeploymentQuery().count()).isEqualTo(before);
	}

	@Test
	void engineDeploysFileWithWarningsOnly() {
		String lateStep = process("id=\"lateStep\" isExecutable=\"true\" sf:owner=\"ops\" sf:doneWhen=\"Answered\"",
				line("<userTask id=\"answer\" name=\"Answer\" flowable:candidateGroups=\"clerks\"/>"));
		this.repositoryService.createDeployment().addString("late-step.bpmn", lateStep).deploy();
		assertThat(this.repositoryService.createProcessDefinitionQuery().processDefinitionKey("lateStep").count())
			.isEqualTo(1);
	}

	private static String touchCommand(Path marker) {
		return "${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null)" + ".exec('touch "
				+ marker + "')}";
	}

	@Test
	void sameExpressionRunsACommandWhenTheEngineEvaluatesIt(@TempDir Path dir) throws Exception {
		// The proof that the refused expression below is not a theoretical threat: the
		// engine's own expression manager runs it.
		Path marker = dir.resolve("marker");
		Object process = this.processEngineConfiguration.getExpressionManager()
			.createExpression(touchCommand(marker))
			.getValue(NoExecutionVariableScope.getSharedInstance());
		assertThat(((Process) process).waitFor()).isZero();
		assertThat(marker).exists();
	}

	@Test
	void expressionThatWouldRunACommandIsRefusedBeforeTheEngineEvaluatesIt(@TempDir Path dir) {
		Path marker = dir.resolve("marker");
		// A timer start event's date is evaluated while deploying, so without the gate
		// the command would run on deploy.
		String command = touchCommand(marker);
		String xml = process("id=\"rce\" isExecutable=\"true\" sf:owner=\"ops\" sf:doneWhen=\"Never\"",
				"""
						<startEvent id="start" name="At once"><timerEventDefinition><timeDate>%s</timeDate></timerEventDefinition></startEvent>
						<endEvent sf:outcome="done" id="end" name="Done"/>
						<sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
						"""
					.formatted(command));
		assertThatExceptionOfType(DeploymentRefusedException.class)
			.isThrownBy(() -> this.repositoryService.createDeployment().addString("rce.bpmn", xml).deploy())
			.satisfies((refused) -> assertThat(refused.getReports().get(0).findings())
				.extracting(Finding::rule, Finding::elementId)
				.contains(org.assertj.core.api.Assertions.tuple("safe-expressions", "start")));
		assertThat(marker).doesNotExist();
		assertThat(this.repositoryService.createProcessDefinitionQuery().processDefinitionKey("rce").count()).isZero();
	}

	@Test
	void lintApiAnswersEveryMiwgFileWithReportsAndNever500() throws Exception {
		for (Path file : MiwgRobustnessTest.miwgFiles()) {
			MockMultipartFile upload = new MockMultipartFile("file", file.getFileName().toString(), "application/xml",
					Files.readAllBytes(file));
			this.mvc.perform(multipart("/api/lint").file(upload).with(author()).with(csrf()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$[0].fileName").value(file.getFileName().toString()))
				.andExpect(jsonPath("$[0].findings").isNotEmpty());
		}
	}

	@Test
	void lintApiChecksDelegateBeansAgainstTheApplication() throws Exception {
		String xml = process(line(
				"<serviceTask id=\"known\" name=\"Known\" flowable:delegateExpression=\"${readinessLinter}\" "
						+ "flowable:async=\"true\"><extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M"
						+ "</flowable:failedJobRetryTimeCycle></extensionElements></serviceTask>",
				"<serviceTask id=\"unknown\" name=\"Unknown\" flowable:delegateExpression=\"${noSuchBean}\" "
						+ "flowable:async=\"true\"><extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M"
						+ "</flowable:failedJobRetryTimeCycle></extensionElements></serviceTask>"));
		this.mvc.perform(multipart("/api/lint").file(bpmn("beans.bpmn", xml)).with(author()).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].findings.length()").value(1))
			.andExpect(jsonPath("$[0].findings[0].rule").value("delegates-resolve"))
			.andExpect(jsonPath("$[0].findings[0].severity").value("error"))
			.andExpect(jsonPath("$[0].findings[0].elementId").value("unknown"))
			.andExpect(jsonPath("$[0].errors").value(1));
	}

	@Test
	void lintApiReportsSeveralFilesAZipAndUnreadableUploads() throws Exception {
		String sound = process(line(userTask("answer", "Answer request")));
		ByteArrayOutputStream zipped = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
			zip.putNextEntry(new ZipEntry("processes/answer.bpmn20.xml"));
			zip.write(sound.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("README.md"));
			zip.write("not a process".getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		this.mvc
			.perform(multipart("/api/lint").file(bpmn("answer.bpmn", sound))
				.file(new MockMultipartFile("file", "bundle.zip", "application/zip", zipped.toByteArray()))
				.file(bpmn("broken.bpmn", "<definitions"))
				.file(new MockMultipartFile("file", "fake.zip", "application/zip", new byte[] { 1, 2, 3 }))
				.with(author())
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("application/json"))
			.andExpect(jsonPath("$.length()").value(4))
			.andExpect(jsonPath("$[0].findings").isEmpty())
			.andExpect(jsonPath("$[1].fileName").value("bundle.zip!/processes/answer.bpmn20.xml"))
			.andExpect(jsonPath("$[1].findings").isEmpty())
			.andExpect(jsonPath("$[2].findings[0].rule").value("parse"))
			.andExpect(jsonPath("$[3].fileName").value("fake.zip"))
			.andExpect(jsonPath("$[3].findings[0].rule").value("parse"));
	}

	@Test
	void lintApiWithoutFileIsAClientError() throws Exception {
		this.mvc.perform(multipart("/api/lint").with(author()).with(csrf())).andExpect(status().isBadRequest());
	}

	@Test
	void pageListsDeployedDefinitionsWithTheirFindings() throws Exception {
		String xml = process(
				"id=\"pageShown\" name=\"Shown on the page\" isExecutable=\"true\" sf:owner=\"ops\" "
						+ "sf:doneWhen=\"Answered\"",
				line("<userTask id=\"answer\" name=\"Answer\" flowable:candidateGroups=\"clerks\"/>"));
		this.repositoryService.createDeployment().addString("page-shown.bpmn", xml).deploy();
		this.mvc.perform(get("/readiness").with(author()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Shown on the page")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("late-human-step")));
	}

	@Test
	void pageShowsWhatTheLabelsFileOfAStepWithADeclaredPrecisionPromises() throws Exception {
		String xml = Files.readString(Path.of("processes/ticket-triage.bpmn20.xml"))
			.replace("id=\"ticket-triage\"", "id=\"triage-figures\"")
			.replace("sf:aiPrecision=\"0.95\"", "")
			.replace("sf:aiLabels=\"ticket-triage.labels.json\"",
					"sf:aiLabels=\"ticket-triage.labels.json\" sf:aiPrecision=\"0.9\"");
		StringBuilder labels = new StringBuilder("{\"labels\": {\"billing\": [");
		for (int i = 1; i <= 12; i++) {
			labels.append((i > 1) ? ", " : "")
				.append("\"We were charged ")
				.append(i)
				.append(" times for invoice ")
				.append(100 + i)
				.append("\"");
		}
		labels.append("], \"access\": [");
		for (int i = 1; i <= 12; i++) {
			labels.append((i > 1) ? ", " : "")
				.append("\"User number ")
				.append(i)
				.append(" cannot log in with the password\"");
		}
		labels.append("], \"outage\": [");
		for (int i = 1; i <= 9; i++) {
			labels.append((i > 1) ? ", " : "").append("\"The site is down for all ").append(i * 10).append(" users\"");
		}
		labels.append("]}}");
		this.repositoryService.createDeployment()
			.addString("triage-figures.bpmn20.xml", xml)
			.addString("ticket-triage.labels.json", labels.toString())
			.deploy();

		this.mvc.perform(get("/readiness").with(author()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers
				.containsString("at sf:aiPrecision=0.9, ticket-triage.labels.json promises precision")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("billing 12, ")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("outage 9, ")));
	}

	@TestFactory
	Stream<DynamicTest> everyWorkflowInProcessesPassesWithoutErrors() throws IOException {
		Path processes = Path.of("processes");
		if (!Files.isDirectory(processes)) {
			return Stream.empty();
		}
		return LintCommand.bpmnFiles(List.of(processes.toString()))
			.stream()
			.map((file) -> DynamicTest.dynamicTest(file.toString(), () -> {
				FileReport report = this.linter.lint(new BpmnSource(file.toString(), Files.readAllBytes(file)));
				assertThat(report.findings(Severity.ERROR)).as(report.toLogBlock()).isEmpty();
			}));
	}

	private static MockMultipartFile bpmn(String name, String xml) {
		return new MockMultipartFile("file", name, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
	}

}
