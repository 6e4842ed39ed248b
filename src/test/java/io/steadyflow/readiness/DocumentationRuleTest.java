package io.steadyflow.readiness;

import io.steadyflow.bpmn.BpmnInputLimits;
import org.junit.jupiter.api.Test;

import static io.steadyflow.readiness.Bpmn.line;
import static io.steadyflow.readiness.Bpmn.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code documentation}: a process without a purpose and each activity without
 * {@code <documentation>} are warnings; events and gateways need none.
 */
class DocumentationRuleTest {

	private static FileReport lint(String xml) {
		return ReadinessLinter.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(), (bean) -> true)
			.lint(Bpmn.source(xml));
	}

	private static final String UNDOCUMENTED_STEP = "<userTask id=\"answer\" name=\"Answer\" "
			+ "flowable:candidateGroups=\"clerks\" flowable:dueDate=\"P1D\"/>";

	@Test
	void warnsAboutAProcessWithoutPurposeAndEachUndocumentedStep() {
		FileReport report = lint(
				Bpmn.definitionsAsWritten("<process id=\"p\" name=\"Test process\" isExecutable=\"true\" "
						+ "sf:owner=\"operations\" sf:doneWhen=\"The request is answered\">" + line(UNDOCUMENTED_STEP)
						+ "</process>"));
		assertThat(ReadinessRulesTest.of(report, "documentation")).extracting(Finding::severity, Finding::elementId)
			.containsExactly(tuple(Severity.WARNING, "p"), tuple(Severity.WARNING, "answer"));
		assertThat(report.hasErrors()).isFalse();
		assertThat(ReadinessRulesTest.of(report, "documentation").get(1).message())
			.contains("'Answer' (answer) has no documentation");
	}

	@Test
	void acceptsADocumentedProcessAndSteps() {
		String xml = process("<documentation>Answers a request.</documentation>\n"
				+ line("<userTask id=\"answer\" name=\"Answer\" flowable:candidateGroups=\"clerks\" "
						+ "flowable:dueDate=\"P1D\"><documentation>Write the answer.</documentation></userTask>"));
		assertThat(ReadinessRulesTest.of(lint(xml), "documentation")).isEmpty();
	}

}
