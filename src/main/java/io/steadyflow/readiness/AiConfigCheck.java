package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.steadyflow.ai.AiStepFields;
import io.steadyflow.ai.LabelsFigures;
import io.steadyflow.ai.LabelsFile;
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
			List<AiStepFields.Problem> problems = AiStepFields.problems(element, view.process(),
					this.configuration.labelsLocation(), view.deployedWith(), schemas);
			for (AiStepFields.Problem problem : problems) {
				findings.add(ReadinessRule.AI_CONFIG, Severity.ERROR, view.process(), element,
						"The AI step " + label(element) + ": " + problem.field() + " " + problem.message(),
						problem.hint());
			}
			if (problems.isEmpty()) {
				checkLabelsFile(view, element, findings);
			}
		}
	}

	/**
	 * A declared precision must be provable from the examples: the precision of a label's
	 * sure results is estimated as right / (all + 1), so a label with fewer examples than
	 * {@link LabelsFigures#examplesNeeded} can never be routed alone (a warning: the step
	 * works, a person decides for that label), and below
	 * {@link LabelsFigures#MIN_EXAMPLES_FOR_PRECISION} the target is out of reach by far
	 * (an error).
	 */
	private void checkLabelsFile(ProcessView view, FlowElement element, Findings findings) {
		String labelsFile = element.getAttributeValue(AiStepFields.SF_NS, "aiLabels");
		byte[] content = (labelsFile != null) ? content(view, labelsFile.strip()) : null;
		if (content == null) {
			return;
		}
		List<LabelsFile.Problem> problems = LabelsFile.problems(content);
		if (!problems.isEmpty()) {
			// a file deployed with the diagram is reported by the deploy gate itself
			if (!view.deployedWith().contains(labelsFile.strip())) {
				for (LabelsFile.Problem problem : problems) {
					findings.add(ReadinessRule.AI_CONFIG, Severity.ERROR, view.process(), element,
							"The AI step " + label(element) + ": its labels file " + labelsFile.strip() + " " + problem,
							"Correct the labels file in steadyflow.ai.labels-location.");
				}
			}
			return;
		}
		String declared = AiStepFields.declaredPrecision(element, view.process());
		if (declared == null) {
			return;
		}
		double target = AiStepFields.precision(declared);
		LabelsFile labels = LabelsFile.parse(labelsFile.strip(), content);
		int needed = LabelsFigures.examplesNeeded(target);
		int minimum = Math.min(needed, LabelsFigures.MIN_EXAMPLES_FOR_PRECISION);
		labels.counts().forEach((label, count) -> {
			if (count < minimum) {
				findings.add(ReadinessRule.AI_CONFIG, Severity.ERROR, view.process(), element,
						"The AI step " + label(element) + ": label '" + label + "' of " + labels.name() + " has "
								+ count + " examples, fewer than the minimum of " + minimum + " for sf:aiPrecision=\""
								+ declared.strip() + "\" (" + needed
								+ " are needed before it can be routed alone at all)",
						"Add examples of '" + label + "', or declare a lower precision.");
			}
			else if (count < needed) {
				findings.add(ReadinessRule.AI_CONFIG, Severity.WARNING, view.process(), element,
						"The AI step " + label(element) + ": label '" + label + "' of " + labels.name() + " has "
								+ count + " examples, too few to prove sf:aiPrecision=\"" + declared.strip() + "\" ("
								+ needed + " needed): it is never routed alone",
						"Add examples of '" + label + "' until it has " + needed + ".");
			}
		});
	}

	/**
	 * The content of the labels file the step will read: deployed with the diagram, else
	 * in the labels folder; {@code null} when it is not known here.
	 */
	private byte[] content(ProcessView view, String labelsFile) {
		byte[] content = view.deployedContent(labelsFile);
		if (content != null || view.deployedWith().contains(labelsFile)
				|| this.configuration.labelsLocation() == null) {
			return content;
		}
		Path path = this.configuration.labelsLocation().resolve(labelsFile);
		try {
			return Files.isRegularFile(path) ? Files.readAllBytes(path) : null;
		}
		catch (IOException ex) {
			return null;
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
