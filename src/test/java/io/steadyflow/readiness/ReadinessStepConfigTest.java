package io.steadyflow.readiness;

import static io.steadyflow.readiness.Bpmn.line;
import static io.steadyflow.readiness.Bpmn.process;
import static io.steadyflow.readiness.Bpmn.userTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.tools.HttpStepFields;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code tool-config} and {@code ai-config}: for every misconfiguration that would
 * otherwise only fail at run time, a minimal step that has it (exact rule, severity,
 * element and field), and a complete step that comes out without any finding.
 */
class ReadinessStepConfigTest {

	@TempDir
	static Path labels;

	static StepConfiguration configured;

	@BeforeAll
	static void labelsFile() throws IOException {
		Files.writeString(labels.resolve("teams.labels.json"), "{\"labels\": {\"billing\": " + examples("invoice", 20)
				+ ", \"access\": " + examples("password", 20) + "}}");
		Files.writeString(labels.resolve("thin.labels.json"), "{\"labels\": {\n\"billing\": " + examples("invoice", 20)
				+ ",\n\"access\": " + examples("password", 12) + ",\n\"outage\": " + examples("down", 5) + "\n}}");
		Files.writeString(labels.resolve("broken.labels.json"),
				"{\"labels\": {\n\"billing\": [\"invoice\", \"refund\", \"charge\"],\n\"access\": [\"invoice\", \"login\", \"password\"]}}");
		configured = new StepConfiguration(
				new HttpStepFields.Configured(Set.of("order-source"), Set.of("order-target"), Duration.ofMinutes(2)),
				labels);
	}

	/** A JSON array of {@code count} distinct example texts. */
	static String examples(String word, int count) {
		StringBuilder array = new StringBuilder("[");
		for (int i = 1; i <= count; i++) {
			array.append((i > 1) ? ", " : "").append('"').append(word).append(' ').append(i).append('"');
		}
		return array.append(']').toString();
	}

	static FileReport lint(String xml) {
		return lint(xml, configured);
	}

	static FileReport lint(String xml, StepConfiguration steps) {
		return ReadinessLinter
			.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(), (bean) -> true, steps)
			.lint(Bpmn.source(xml));
	}

	static List<Finding> of(FileReport report, String rule) {
		return report.findings().stream().filter((finding) -> finding.rule().equals(rule)).toList();
	}

	/** An asynchronous service task with a retry cycle, the given bean and fields. */
	static String step(String bean, String fields) {
		return "<serviceTask id=\"call\" name=\"Call the system\" flowable:delegateExpression=\"${" + bean
				+ "}\" flowable:async=\"true\"><extensionElements>" + fields
				+ "<flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle>"
				+ "</extensionElements></serviceTask>";
	}

	static String field(String name, String value) {
		return "<flowable:field name=\"" + name + "\"><flowable:string><![CDATA[" + value
				+ "]]></flowable:string></flowable:field>";
	}

	static String fields(Map<String, String> values) {
		StringBuilder text = new StringBuilder();
		values.forEach((name, value) -> text.append(field(name, value)));
		return text.toString();
	}

	@Nested
	class HttpTool {

		static final String SOUND = field("method", "POST") + field("system", "order-source") + field("url", "/orders")
				+ field("auth", "order-target") + field("headers", "X-Tenant: acme") + field("timeout", "30s")
				+ field("errorCodes", "404:ORDER_UNKNOWN, 4xx:ORDER_REFUSED, 401:technical")
				+ field("responseMapping", "orderId=/data/id, note=/data/note?")
				+ field("body", "{\"id\": \"${orderId}\"}");

		/**
		 * The one tool-config finding of the step whose fields are the sound ones with a
		 * change.
		 */
		static Finding onlyFinding(String fields) {
			return onlyFinding(fields, configured);
		}

		static Finding onlyFinding(String fields, StepConfiguration steps) {
			List<Finding> findings = of(lint(process(line(step("httpTool", fields))), steps), "tool-config");
			assertThat(findings).hasSize(1);
			Finding finding = findings.get(0);
			assertThat(finding.severity()).isEqualTo(Severity.ERROR);
			assertThat(finding.elementId()).isEqualTo("call");
			assertThat(finding.elementName()).isEqualTo("Call the system");
			assertThat(finding.hint()).isNotBlank();
			return finding;
		}

		@Test
		void acceptsACompleteStep() {
			assertThat(lint(process(line(step("httpTool", SOUND)))).findings()).isEmpty();
		}

		@Test
		void acceptsExpressionsItCannotJudgeBeforeRunTime() {
			String xml = process(line(step("httpTool",
					field("url", "https://erp.example/orders")
							+ "<flowable:field name=\"timeout\" expression=\"${callTimeout}\"/>"
							+ "<flowable:field name=\"system\" expression=\"${targetSystem}\"/>")));
			assertThat(lint(xml).findings()).isEmpty();
		}

		@Test
		void reportsAMissingUrl() {
			assertThat(onlyFinding(field("method", "GET")).message()).contains("Call the system", "'url'", "missing");
		}

		@Test
		void reportsAnUnsupportedMethod() {
			Finding finding = onlyFinding(field("url", "https://erp.example/x") + field("method", "FETCH"));
			assertThat(finding.message()).contains("'method'", "'FETCH'");
		}

		@Test
		void reportsARelativeUrlWithoutSystem() {
			assertThat(onlyFinding(field("url", "/orders")).message()).contains("'url'", "not an http(s) URL");
		}

		@Test
		void reportsAnUnknownSystem() {
			Finding finding = onlyFinding(SOUND.replace("order-source", "order-sauce"));
			assertThat(finding.message()).contains("'system'", "'order-sauce'", "not configured");
			assertThat(finding.hint()).contains("steadyflow.tools.http.systems.order-sauce", "order-source");
		}

		@Test
		void reportsAnUnknownSecret() {
			Finding finding = onlyFinding(SOUND.replace(field("auth", "order-target"), field("auth", "erp-token")));
			assertThat(finding.message()).contains("'auth'", "'erp-token'");
			assertThat(finding.hint()).contains("steadyflow.tools.http.secrets.erp-token");
		}

		@Test
		void reportsAnAuthorizationHeader() {
			Finding finding = onlyFinding(SOUND.replace("X-Tenant: acme", "Authorization: Bearer abc"));
			assertThat(finding.message()).contains("'headers'", "credentials never come from the diagram");
		}

		@Test
		void reportsAMalformedHeader() {
			assertThat(onlyFinding(SOUND.replace("X-Tenant: acme", "X-Tenant acme")).message()).contains("'headers'",
					"'X-Tenant acme' is not 'Name: value'");
		}

		@Test
		void reportsATimeoutThatIsNoDuration() {
			assertThat(onlyFinding(SOUND.replace("30s", "thirty seconds")).message()).contains("'timeout'",
					"invalid timeout 'thirty seconds'");
		}

		@Test
		void reportsATimeoutAboveTheLargestAllowed() {
			assertThat(onlyFinding(SOUND.replace("30s", "10m")).message()).contains("'timeout'", "10m", "PT2M");
		}

		@Test
		void reportsMalformedErrorCodes() {
			assertThat(onlyFinding(SOUND.replace("404:ORDER_UNKNOWN", "404")).message()).contains("'errorCodes'",
					"'404' is not 'status:ERROR_CODE'");
			assertThat(onlyFinding(SOUND.replace("404:ORDER_UNKNOWN", "40x:ORDER_UNKNOWN")).message())
				.contains("'40x'");
		}

		@Test
		void reportsAMalformedResponseMapping() {
			assertThat(onlyFinding(SOUND.replace("orderId=/data/id", "orderId=data.id")).message())
				.contains("'responseMapping'", "'data.id' is not a JSON pointer");
			assertThat(onlyFinding(SOUND.replace("orderId=/data/id", "order id=/data/id")).message())
				.contains("'order id' is not a variable name");
		}

		@Test
		void reportsABodyThatIsNotJson() {
			assertThat(onlyFinding(SOUND.replace("{\"id\": \"${orderId}\"}", "{id: ${orderId}}")).message())
				.contains("'body'", "not valid JSON");
		}

		@Test
		void withoutConfigurationChecksWhatTheFileAloneShows() {
			String unknownNames = SOUND.replace("order-source", "order-sauce")
				.replace(field("auth", "order-target"), field("auth", "erp-token"))
				.replace("30s", "10m");
			assertThat(
					of(lint(process(line(step("httpTool", unknownNames))), StepConfiguration.UNKNOWN), "tool-config"))
				.isEmpty();
			assertThat(onlyFinding(field("method", "GET"), StepConfiguration.UNKNOWN).message()).contains("'url'");
		}

	}

	@Nested
	class MailTool {

		static FileReport lintMail(String fields) {
			return lint(process(line(userTask("approve", "Approve request"), step("mailTool", fields))));
		}

		@Test
		void acceptsACompleteStep() {
			assertThat(lintMail(field("subject", "Request ${requestId} approved") + field("toCandidatesOf", "approve")
					+ field("toOwner", "true"))
				.findings()).isEmpty();
		}

		@Test
		void reportsAMailWithoutSubjectOrRecipient() {
			assertThat(of(lintMail(field("body", "Approved.")), "tool-config"))
				.extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "call"), tuple(Severity.ERROR, "call"));
			assertThat(of(lintMail(field("body", "Approved.")), "tool-config")).extracting(Finding::message)
				.anySatisfy((message) -> assertThat(message).contains("mailTool", "'subject'", "missing"))
				.anySatisfy((message) -> assertThat(message).contains("has no recipient"));
		}

		@Test
		void reportsOwnerFalseAsNoRecipient() {
			assertThat(of(lintMail(field("subject", "Done") + field("toOwner", "false")), "tool-config"))
				.singleElement()
				.satisfies((finding) -> assertThat(finding.message()).contains("has no recipient"));
		}

		@Test
		void reportsCandidatesOfATaskThatIsNoUserTask() {
			assertThat(of(lintMail(field("subject", "Done") + field("toCandidatesOf", "aprove")), "tool-config"))
				.singleElement()
				.satisfies((finding) -> {
					assertThat(finding.message()).contains("'toCandidatesOf'", "'aprove'");
					assertThat(finding.hint()).contains("approve");
				});
		}

	}

	@Nested
	class AiStep {

		static String aiStep(String attributes) {
			return "<serviceTask id=\"classify\" name=\"Suggest team\" flowable:delegateExpression=\"${aiStep}\" "
					+ "flowable:async=\"true\" " + attributes + "><extensionElements>"
					+ "<flowable:failedJobRetryTimeCycle>R3/PT1M</flowable:failedJobRetryTimeCycle>"
					+ "</extensionElements></serviceTask>";
		}

		static final String SOUND = "sf:ai=\"classify\" sf:aiInput=\"subject,body\" sf:aiResult=\"suggestion\" "
				+ "sf:aiThreshold=\"0.8\" sf:aiLabels=\"teams.labels.json\"";

		static FileReport lintAi(String attributes) {
			return lint(process(line(aiStep(attributes), userTask("review", "Review suggestion"))));
		}

		static Finding onlyFinding(String attributes) {
			List<Finding> findings = of(lintAi(attributes), "ai-config");
			assertThat(findings).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "classify"));
			assertThat(findings.get(0).hint()).isNotBlank();
			return findings.get(0);
		}

		@Test
		void acceptsACompleteStep() {
			assertThat(lintAi(SOUND).findings()).isEmpty();
			assertThat(lintAi("sf:ai=\"summarize\" sf:aiInput=\"body\" sf:aiResult=\"summary\"").findings()).isEmpty();
		}

		@Test
		void reportsAMissingResult() {
			assertThat(onlyFinding(SOUND.replace("sf:aiResult=\"suggestion\"", "")).message()).contains("Suggest team",
					"sf:aiResult", "missing");
		}

		@Test
		void acceptsAPrecisionTargetInsteadOfAThreshold() {
			assertThat(lintAi(SOUND.replace("sf:aiThreshold=\"0.8\"", "sf:aiPrecision=\"0.95\"")).findings()).isEmpty();
		}

		@Test
		void aDeclaredPrecisionNeedsEnoughExamplesPerLabelToBeProven() {
			// at 0.95 a label needs 19 examples to be routed alone at all (19/20 = 0.95),
			// and fewer than 10 is an error
			List<Finding> findings = of(lintAi(SOUND.replace("sf:aiThreshold=\"0.8\"", "sf:aiPrecision=\"0.95\"")
				.replace("teams.labels.json", "thin.labels.json")), "ai-config");

			assertThat(findings).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "classify"), tuple(Severity.WARNING, "classify"));
			assertThat(findings.get(0).message()).contains("label 'outage'", "5 examples", "minimum of 10");
			assertThat(findings.get(1).message()).contains("label 'access'", "12 examples", "19 needed",
					"never routed alone");
			assertThat(of(lintAi(SOUND.replace("sf:aiThreshold=\"0.8\"", "sf:aiPrecision=\"0.8\"")
				.replace("teams.labels.json", "thin.labels.json")), "ai-config")).as("0.8 needs 4 examples per label")
				.isEmpty();
		}

		@Test
		void aPrecisionOnTheProcessAppliesToItsClassifyStepsWithoutAThresholdOfTheirOwn() {
			String thin = SOUND.replace("sf:aiThreshold=\"0.8\" ", "").replace("teams.labels.json", "thin.labels.json");
			String processAttributes = "id=\"p\" name=\"Test process\" isExecutable=\"true\" sf:owner=\"operations\" "
					+ "sf:doneWhen=\"The request is answered\" sf:aiPrecision=\"0.95\"";
			List<Finding> findings = of(
					lint(process(processAttributes, line(aiStep(thin), userTask("review", "Review suggestion")))),
					"ai-config");

			assertThat(findings).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "classify"), tuple(Severity.WARNING, "classify"));
			assertThat(findings.get(0).message()).contains("label 'outage'", "minimum of 10");
			// a step with its own threshold keeps it
			assertThat(of(
					lint(process(processAttributes,
							line(aiStep(thin + " sf:aiThreshold=\"0.8\""), userTask("review", "Review suggestion")))),
					"ai-config"))
				.isEmpty();
			// the process's own value is checked like the step's
			assertThat(of(lint(process(processAttributes.replace("0.95", "1.5") + " sf:aiThreshold=\"0.8\"",
					line(aiStep(SOUND), userTask("review", "Review suggestion")))), "ai-config"))
				.extracting(Finding::message)
				.anySatisfy((message) -> assertThat(message).contains("sf:aiPrecision", "'1.5'"))
				.anySatisfy((message) -> assertThat(message).contains("sf:aiPrecision", "sf:aiThreshold", "both"));
		}

		@Test
		void reportsAnUnsoundLabelsFileOfTheFolderWithItsLine() {
			Finding finding = onlyFinding(SOUND.replace("teams.labels.json", "broken.labels.json"));

			assertThat(finding.message()).contains("broken.labels.json", "line 3", "\"invoice\"",
					"label 'billing' (line 2)");
		}

		@Test
		void reportsAnImpossiblePrecisionTarget() {
			for (String impossible : List.of("0", "1", "1.2", "-0.5", "95%")) {
				assertThat(onlyFinding(SOUND.replace("sf:aiThreshold=\"0.8\"", "sf:aiPrecision=\"" + impossible + "\""))
					.message()).contains("sf:aiPrecision", "'" + impossible + "'");
			}
		}

		@Test
		void reportsAPrecisionTargetBesideAThresholdOrOnAnotherKind() {
			assertThat(onlyFinding(SOUND + " sf:aiPrecision=\"0.95\"").message()).contains("sf:aiPrecision",
					"sf:aiThreshold");
			assertThat(onlyFinding(
					"sf:ai=\"summarize\" sf:aiInput=\"body\" sf:aiResult=\"summary\" " + "sf:aiPrecision=\"0.9\"")
				.message()).contains("classify steps only");
		}

		@Test
		void reportsAMissingInput() {
			assertThat(onlyFinding(SOUND.replace("sf:aiInput=\"subject,body\"", "")).message()).contains("sf:aiInput");
		}

		@Test
		void reportsAnUnknownKind() {
			assertThat(onlyFinding(SOUND.replace("\"classify\"", "\"clasify\"")).message()).contains("sf:ai",
					"'clasify'", "classify, extract, summarize");
		}

		@Test
		void reportsAThresholdOutsideZeroToOne() {
			assertThat(onlyFinding(SOUND.replace("0.8", "80")).message()).contains("sf:aiThreshold", "'80'");
			assertThat(onlyFinding(SOUND.replace("0.8", "high")).message()).contains("'high'");
		}

		@Test
		void reportsAProcessThresholdOutsideZeroToOne() {
			String xml = process(
					"id=\"p\" name=\"Test process\" isExecutable=\"true\" sf:owner=\"operations\" "
							+ "sf:doneWhen=\"The request is answered\" sf:aiThreshold=\"1.5\"",
					line(aiStep(SOUND), userTask("review", "Review suggestion")));
			assertThat(of(lint(xml), "ai-config")).extracting(Finding::elementId, Finding::message)
				.containsExactly(tuple("p", "Process 'p': sf:aiThreshold '1.5' is not a number from 0 to 1"));
		}

		@Test
		void reportsALabelsFileThatDoesNotExist() {
			Finding finding = onlyFinding(SOUND.replace("teams.labels.json", "team.labels.json"));
			assertThat(finding.message()).contains("sf:aiLabels", "'team.labels.json'",
					"steadyflow.ai.labels-location");
		}

		@Test
		void reportsAClassificationWithoutLabels() {
			assertThat(onlyFinding(SOUND.replace("sf:aiLabels=\"teams.labels.json\"", "")).message())
				.contains("sf:aiLabels", "missing");
			assertThat(onlyFinding(SOUND.replace("teams.labels.json", "../secrets.txt")).message())
				.contains("not the name of a labels file");
		}

		@Test
		void reportsAResultThatIsAPersonsDecision() {
			String xml = process(line(aiStep(SOUND.replace("\"suggestion\"", "\"team\"")),
					"<userTask id=\"review\" name=\"Review suggestion\" flowable:candidateGroups=\"clerks\" "
							+ "flowable:dueDate=\"P2D\" sf:decision=\"team\" sf:outcomes=\"billing,access\"/>"));
			assertThat(of(lint(xml), "ai-config")).singleElement()
				.satisfies((finding) -> assertThat(finding.message()).contains("decision variable"));
		}

		@Test
		void withoutConfigurationDoesNotLookForTheLabelsFile() {
			String xml = process(line(aiStep(SOUND.replace("teams.labels.json", "team.labels.json")),
					userTask("review", "Review suggestion")));
			assertThat(of(lint(xml, StepConfiguration.UNKNOWN), "ai-config")).isEmpty();
		}

	}

	@Test
	void readsTheConfigurationWithTheToolsKeys() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("steadyflow.tools.http.systems.erp",
				"https://erp.example", "steadyflow.tools.http.secrets.erp-token", "",
				"steadyflow.tools.http.max-timeout", "30s", "steadyflow.ai.labels-location", "/srv/labels")));
		StepConfiguration steps = StepConfiguration.from(binder, null);
		assertThat(steps.http().systems()).containsExactly("erp");
		assertThat(steps.http().secrets()).containsExactly("erp-token");
		assertThat(steps.http().maxTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(steps.labelsLocation()).isEqualTo(Path.of("/srv/labels"));
		StepConfiguration defaults = StepConfiguration.from(new Binder(new MapConfigurationPropertySource(Map.of())),
				null);
		assertThat(defaults.http().systems()).isEmpty();
		assertThat(defaults.http().maxTimeout()).isEqualTo(Duration.ofSeconds(20));
	}

}
