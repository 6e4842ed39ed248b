package io.steadyflow.readiness;

import static io.steadyflow.readiness.Bpmn.line;
import static io.steadyflow.readiness.Bpmn.process;
import static io.steadyflow.readiness.Bpmn.userTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import org.junit.jupiter.api.Test;

/** The linter as a whole: unreadable files, configuration overrides and the log block. */
class ReadinessLinterTest {

	private static final String LATE_STEP = process(
			line("<userTask id=\"answer\" name=\"Answer\" flowable:candidateGroups=\"clerks\"/>"));

	private static FileReport lint(String xml, ReadinessProperties properties) {
		return ReadinessLinter.standalone(BpmnInputLimits.defaults(), properties, (bean) -> true)
			.lint(Bpmn.source(xml));
	}

	@Test
	void reportsMalformedXmlAsSingleParseErrorWithLine() {
		FileReport report = lint(
				"<?xml version=\"1.0\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<process id=\"p\">\n</definitions>",
				ReadinessProperties.defaults());
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.rule()).isEqualTo("parse");
			assertThat(finding.severity()).isEqualTo(Severity.ERROR);
			assertThat(finding.line()).isEqualTo(4);
		});
		assertThat(report.hasErrors()).isTrue();
	}

	@Test
	void refusesDoctypeAsParseError() {
		String xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x \"y\">]><definitions/>";
		assertThat(lint(xml, ReadinessProperties.defaults()).findings()).extracting(Finding::rule, Finding::severity)
			.containsExactly(tuple("parse", Severity.ERROR));
	}

	@Test
	void reportsEmptyAndNonBpmnFilesAsParseErrors() {
		ReadinessLinter linter = ReadinessLinter.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(),
				null);
		assertThat(linter.lint(new BpmnSource("empty.bpmn", new byte[0])).findings()).extracting(Finding::rule)
			.containsExactly("parse");
		assertThat(linter.lint(new BpmnSource("pom.bpmn", "<project/>".getBytes(StandardCharsets.UTF_8))).findings())
			.extracting(Finding::rule)
			.containsExactly("parse");
	}

	@Test
	void switchesRuleOffGloballyAndSaysSo() {
		FileReport report = lint(LATE_STEP,
				new ReadinessProperties(List.of(), List.of(), Map.of("late-human-step", "off"), Map.of()));
		assertThat(report.findings()).isEmpty();
		assertThat(report.overrides()).containsExactly("late-human-step switched off globally: 1 finding hidden");
	}

	@Test
	void raisesSeverityForOneProcessAndNotesItInTheFinding() {
		FileReport report = lint(LATE_STEP, new ReadinessProperties(List.of(), List.of(),
				Map.of("late-human-step", "off"), Map.of("p", Map.of("late-human-step", "error"))));
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.severity()).isEqualTo(Severity.ERROR);
			assertThat(finding.message())
				.endsWith("(severity raised from warning to error by configuration for process p)");
		});
		assertThat(report.overrides()).containsExactly("late-human-step set to error for process p: 1 finding changed");
	}

	@Test
	void lowersSeverityOfAnErrorSoTheFileBecomesDeployable() {
		String xml = process("id=\"p\" isExecutable=\"true\" sf:doneWhen=\"Answered\"",
				line(userTask("answer", "Answer")));
		FileReport report = lint(xml,
				new ReadinessProperties(List.of(), List.of(), Map.of("owner", "warning"), Map.of()));
		assertThat(report.hasErrors()).isFalse();
		assertThat(report.findings()).extracting(Finding::rule, Finding::severity)
			.containsExactly(tuple("owner", Severity.WARNING));
	}

	@Test
	void refusesUnknownRulesAndRelaxingTheSafetyRule() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReadinessProperties(List.of(), List.of(), Map.of("ownr", "off"), Map.of()))
			.withMessageContaining("unknown readiness rule 'ownr'");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> new ReadinessProperties(List.of(), List.of(), Map.of("safe-expressions", "off"), Map.of()))
			.withMessageContaining("cannot be relaxed");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReadinessProperties(List.of(), List.of(), Map.of("owner", "sometimes"), Map.of()))
			.withMessageContaining("use error, warning, info or off");
	}

	@Test
	void readsYamlOffAsOff() {
		// YAML 1.1 turns an unquoted off into the boolean false
		FileReport report = lint(LATE_STEP,
				new ReadinessProperties(List.of(), List.of(), Map.of("late-human-step", "false"), Map.of()));
		assertThat(report.findings()).isEmpty();
	}

	@Test
	void writesOneReadableLogBlockPerFile() {
		FileReport report = lint(LATE_STEP, ReadinessProperties.defaults());
		assertThat(report.toLogBlock()).startsWith("test.bpmn: 0 errors, 1 warning, 0 infos - deployable")
			.contains("warning late-human-step at answer (Answer), line ")
			.contains("fix: Add flowable:dueDate");
	}

	@Test
	void lintsTheModelTheCallerAlreadyParsed() {
		BpmnSource source = Bpmn.source(LATE_STEP);
		var model = new io.steadyflow.bpmn.SafeBpmnReader(BpmnInputLimits.defaults()).read(source);
		FileReport report = ReadinessLinter
			.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(), (bean) -> true)
			.lint(source, model);
		assertThat(report.findings()).extracting(Finding::rule, Finding::elementId)
			.containsExactly(tuple("late-human-step", "answer"));
	}

}
