package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.label;

import java.util.Set;

import io.steadyflow.ai.AiStepFields;
import io.steadyflow.ai.learning.LearningFields;
import org.flowable.bpmn.model.FlowElement;

/**
 * {@code ai-config}: every AI step ({@code sf:ai} run by the {@code aiStep} delegate)
 * says what it is, what it reads, where its result goes, from which confidence it is
 * sure, and names a labels file that exists (classify) or an extraction schema of the
 * application (extract), and that the attributes by which people's corrections flow back
 * ({@code sf:aiLearn}, {@code sf:aiCorrects}, {@code sf:aiMisroute}) name classify steps,
 * so that a misconfigured step fails the deployment rather than every instance that
 * reaches it. Judged with the AI step's own rules ({@link AiStepFields}).
 */
final class AiConfigCheck implements ReadinessCheck {

	private final StepConfiguration configuration;

	AiConfigCheck(StepConfiguration configuration) {
		this.configuration = configuration;
	}

	@Override
	public void check(ProcessView view, Findings findings) {
		if (view.elements().stream().noneMatch(AiConfigCheck::isAiStepDelegate)) {
			return;
		}
		for (AiStepFields.Problem problem : AiStepFields.processProblems(view.process())) {
			findings.add(ReadinessRule.AI_CONFIG, Severity.ERROR, view.process(), view.process(),
					"Process '" + view.process().getId() + "': " + problem.field() + " " + problem.message(),
					problem.hint());
		}
		for (LearningFields.Problem problem : LearningFields.problems(view.process())) {
			String where = (problem.element() != null) ? label(problem.element())
					: "Process '" + view.process().getId() + "'";
			findings.add(ReadinessRule.AI_CONFIG, Severity.ERROR, view.process(),
					(problem.element() != null) ? problem.element() : view.process(),
					where + ": " + problem.field() + " " + problem.message(), problem.hint());
		}
		Set<String> schemas = (this.configuration.extractionSchemas() != null)
				? this.configuration.extractionSchemas().get() : null;
		for (FlowElement element : view.elements()) {
			if (!isAiStepDelegate(element)) {
				continue;
			}
			for (AiStepFields.Problem problem : AiStepFields.problems(element, view.process(),
					this.configuration.labelsLocation(), view.deployedWith(), schemas)) {
				findings.add(ReadinessRule.AI_CONFIG, Severity.ERROR, view.process(), element,
						"The AI step " + label(element) + ": " + problem.field() + " " + problem.message(),
						problem.hint());
			}
		}
	}

	/**
	 * A step run by the {@code aiStep} delegate, which reads the {@code sf:ai*}
	 * attributes; a step marked {@code sf:ai} with a delegate of its own has its own
	 * configuration.
	 */
	static boolean isAiStepDelegate(FlowElement element) {
		return ProcessView.isDelegate(element, "aiStep");
	}

}
