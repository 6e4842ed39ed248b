package io.steadyflow.readiness;

import static io.steadyflow.readiness.Bpmn.line;
import static io.steadyflow.readiness.Bpmn.process;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code ai-config} on the attributes by which people's corrections of a classify step
 * flow back: {@code sf:aiLearn}, {@code sf:aiCorrects}, {@code sf:aiRoutedBy} and
 * {@code sf:aiMisroute} must name a classify step and an outcome that exist.
 */
class AiLearningConfigTest {

	static final String STEP = "<serviceTask id=\"classify\" name=\"Suggest team\" flowable:delegateExpression=\"${aiStep}\" "
			+ "flowable:async=\"true\" sf:ai=\"classify\" sf:aiInput=\"subject,body\" sf:aiResult=\"suggestion\" "
			+ "sf:aiThreshold=\"0.8\" sf:aiLabels=\"teams.labels.json\" sf:aiLearn=\"true\"><extensionElements>"
			+ "<flowable:failedJobRetryTimeCycle>R3/PT1M</flowable:failedJobRetryTimeCycle>"
			+ "</extensionElements></serviceTask>";

	static final String TRIAGE = "<userTask id=\"triage\" name=\"Pick the team\" flowable:candidateGroups=\"desk\" "
			+ "flowable:dueDate=\"P1D\" sf:decision=\"team\" sf:outcomes=\"billing,access\" sf:aiCorrects=\"classify\"/>";

	static final String WORK = "<userTask id=\"work\" name=\"Work on it\" flowable:candidateGroups=\"team\" "
			+ "flowable:dueDate=\"P1D\" sf:decision=\"outcome\" sf:outcomes=\"resolved,notOurTeam\" "
			+ "sf:aiRoutedBy=\"classify\" sf:aiMisroute=\"notOurTeam\"/>";

	static List<Finding> aiConfig(String step, String triage, String work) {
		return ReadinessRulesTest.of(ReadinessRulesTest.lint(process(line(step, triage, work))), "ai-config");
	}

	@Test
	void acceptsAStepThatLearnsFromTheTasksThatCorrectIt() {
		assertThat(aiConfig(STEP, TRIAGE, WORK)).isEmpty();
	}

	@Test
	void reportsATaskThatCorrectsNoClassifyStep() {
		assertThat(aiConfig(STEP, TRIAGE.replace("sf:aiCorrects=\"classify\"", "sf:aiCorrects=\"clasify\""), WORK))
			.singleElement()
			.satisfies((finding) -> {
				assertThat(finding.elementId()).isEqualTo("triage");
				assertThat(finding.message()).contains("sf:aiCorrects", "'clasify'", "not a classify step");
			});
	}

	@Test
	void reportsAMisrouteOutcomeTheTaskDoesNotHave() {
		assertThat(aiConfig(STEP, TRIAGE, WORK.replace("sf:aiMisroute=\"notOurTeam\"", "sf:aiMisroute=\"notOurs\"")))
			.singleElement()
			.satisfies((finding) -> {
				assertThat(finding.elementId()).isEqualTo("work");
				assertThat(finding.message()).contains("sf:aiMisroute", "'notOurs'", "resolved,notOurTeam");
			});
	}

	@Test
	void reportsAMisrouteWithoutTheStepThatRouted() {
		assertThat(aiConfig(STEP, TRIAGE, WORK.replace("sf:aiRoutedBy=\"classify\"", ""))).singleElement()
			.satisfies((finding) -> assertThat(finding.message()).contains("sf:aiMisroute", "sf:aiRoutedBy"));
	}

	@Test
	void reportsALearnFlagThatIsNoBooleanOrNotOnAClassifyStep() {
		assertThat(aiConfig(STEP.replace("sf:aiLearn=\"true\"", "sf:aiLearn=\"yes\""), TRIAGE, WORK)).singleElement()
			.satisfies((finding) -> assertThat(finding.message()).contains("sf:aiLearn", "'yes'"));
		assertThat(aiConfig(STEP, TRIAGE.replace("sf:aiCorrects", "sf:aiLearn=\"true\" sf:aiCorrects"), WORK))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.message()).contains("sf:aiLearn", "classify steps only"));
	}

}
