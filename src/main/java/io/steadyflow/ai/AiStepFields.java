package io.steadyflow.ai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.UserTask;

/**
 * How the {@code sf:ai*} attributes of an AI step are read: used by the {@code aiStep}
 * delegate at run time and by the readiness rule {@code ai-config} at deploy time, so
 * that both judge a step the same way.
 */
public final class AiStepFields {

	/** The namespace of the {@code sf:} attributes. */
	public static final String SF_NS = "urn:steadyflow:bpmn";

	/** The values of {@code sf:ai}. */
	public static final List<String> KINDS = List.of("classify", "extract", "summarize");

	static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

	static final Pattern LABELS_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.json");

	private AiStepFields() {
	}

	/** A threshold ({@code sf:aiThreshold}): a number from 0 to 1. */
	public static double threshold(String value) {
		try {
			double threshold = Double.parseDouble(value.strip());
			if (threshold >= 0 && threshold <= 1) {
				return threshold;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("sf:aiThreshold '" + value + "' is not a number from 0 to 1");
	}

	/**
	 * A precision target ({@code sf:aiPrecision}): the share of sure results that must be
	 * right, above 0 and below 1 (a target of 1 would allow no mistake, which no examples
	 * can prove).
	 */
	public static double precision(String value) {
		try {
			double precision = Double.parseDouble(value.strip());
			if (precision > 0 && precision < 1) {
				return precision;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"sf:aiPrecision '" + value.strip() + "' is not a share above 0 and below 1, such as 0.95");
	}

	/**
	 * The precision a classify step declares: its own {@code sf:aiPrecision}, else, when
	 * the step sets no {@code sf:aiThreshold} of its own, the process's
	 * {@code sf:aiPrecision} (the default for all its classify steps); {@code null} when
	 * neither is set.
	 */
	public static String declaredPrecision(FlowElement step, Process process) {
		String own = attribute(step, "aiPrecision");
		if (own != null || attribute(step, "aiThreshold") != null || process == null) {
			return own;
		}
		String value = process.getAttributeValue(SF_NS, "aiPrecision");
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** The variables that hold human decisions: {@code sf:decision} of the user tasks. */
	public static Set<String> decisionVariables(Process process) {
		Set<String> decisions = new LinkedHashSet<>();
		for (UserTask task : process.findFlowElementsOfType(UserTask.class, true)) {
			String decision = task.getAttributeValue(SF_NS, "decision");
			if (decision != null && !decision.isBlank()) {
				decisions.add(decision.strip());
				decisions.add(decision.strip() + "Reason");
			}
		}
		return decisions;
	}

	/**
	 * What is wrong with an AI step, without running it.
	 * @param labelsLocation the folder of the labels files, or {@code null} when it is
	 * not known (then whether a labels file exists is not checked)
	 */
	public static List<Problem> problems(FlowElement step, Process process, Path labelsLocation) {
		return problems(step, process, labelsLocation, Set.of());
	}

	/**
	 * What is wrong with an AI step, without running it.
	 * @param labelsLocation the folder of the labels files, or {@code null} when it is
	 * not known (then whether a labels file exists is not checked)
	 * @param deployedWith the names of the other resources deployed with the step: a
	 * labels file among them need not be in the folder
	 */
	public static List<Problem> problems(FlowElement step, Process process, Path labelsLocation,
			Set<String> deployedWith) {
		return problems(step, process, labelsLocation, deployedWith, null);
	}

	/**
	 * What is wrong with an AI step, without running it.
	 * @param labelsLocation the folder of the labels files, or {@code null} when it is
	 * not known (then whether a labels file exists is not checked)
	 * @param deployedWith the names of the other resources deployed with the step: a
	 * labels file among them need not be in the folder
	 * @param extractionSchemas the names of the application's extraction schemas, or
	 * {@code null} when they are not known (then whether one exists is not checked)
	 */
	public static List<Problem> problems(FlowElement step, Process process, Path labelsLocation,
			Set<String> deployedWith, Set<String> extractionSchemas) {
		List<Problem> problems = new ArrayList<>();
		String kind = attribute(step, "ai");
		if (kind != null && !KINDS.contains(kind.toLowerCase(Locale.ROOT))) {
			problems.add(new Problem("sf:ai", "'" + kind + "' is not one of " + String.join(", ", KINDS),
					"Set sf:ai to classify, extract or summarize."));
		}
		String result = attribute(step, "aiResult");
		if (result == null) {
			problems.add(new Problem("sf:aiResult", "is missing, so the step has nowhere to write its result",
					"Name the one variable the step writes, e.g. sf:aiResult=\"classification\"."));
		}
		else if (!VARIABLE.matcher(result).matches()) {
			problems.add(new Problem("sf:aiResult", "'" + result + "' is not a variable name",
					"Use letters, digits and '_', starting with a letter, e.g. sf:aiResult=\"classification\"."));
		}
		else if (decisionVariables(process).contains(result)) {
			problems.add(new Problem("sf:aiResult",
					"'" + result
							+ "' is the decision variable of a user task (sf:decision): decisions are made by people",
					"Let the AI step write its own variable (e.g. '" + result
							+ "Suggestion') and let the person decide."));
		}
		if (attribute(step, "aiInput") == null) {
			problems.add(new Problem("sf:aiInput", "is missing, so the step has nothing to read",
					"Name the variables the step reads, e.g. sf:aiInput=\"subject, description\", or one expression."));
		}
		thresholdProblem(step.getAttributeValue(SF_NS, "aiThreshold"), "sf:aiThreshold", problems);
		String precision = attribute(step, "aiPrecision");
		if (precision != null) {
			if (!"classify".equalsIgnoreCase(kind)) {
				problems.add(new Problem("sf:aiPrecision", "applies to classify steps only",
						"Remove sf:aiPrecision, or use sf:aiThreshold for this step."));
			}
			else if (attribute(step, "aiThreshold") != null) {
				problems.add(new Problem("sf:aiPrecision",
						"and sf:aiThreshold are both set: the step would have two rules",
						"Keep sf:aiPrecision (a threshold per label is derived from it) or sf:aiThreshold (one raw cut-off)."));
			}
			try {
				precision(precision);
			}
			catch (IllegalArgumentException ex) {
				problems.add(new Problem("sf:aiPrecision", "'" + precision + "' is not a share above 0 and below 1",
						"Write the share of sure results that must be right, e.g. sf:aiPrecision=\"0.95\"."));
			}
		}
		if ("classify".equalsIgnoreCase(kind)) {
			String labels = attribute(step, "aiLabels");
			if (labels == null) {
				problems.add(new Problem("sf:aiLabels", "is missing: a classification needs a labels file",
						"Name a labels file in steadyflow.ai.labels-location, e.g. sf:aiLabels=\"ticket-triage.labels.json\"."));
			}
			else if (!LABELS_FILE.matcher(labels).matches()) {
				problems.add(new Problem("sf:aiLabels", "'" + labels + "' is not the name of a labels file",
						"Give a plain file name ending in .json, e.g. sf:aiLabels=\"ticket-triage.labels.json\"."));
			}
			else if (labelsLocation != null && !deployedWith.contains(labels)
					&& !Files.isRegularFile(labelsLocation.resolve(labels))) {
				problems.add(new Problem("sf:aiLabels",
						"names the labels file '" + labels + "', which is neither deployed with the diagram nor in "
								+ labelsLocation.toAbsolutePath().normalize() + " (steadyflow.ai.labels-location)",
						"Deploy the labels file with the diagram, add it to steadyflow.ai.labels-location or correct the name."));
			}
		}
		if ("extract".equalsIgnoreCase(kind)) {
			String schema = attribute(step, "aiSchema");
			if (schema == null) {
				problems.add(new Problem("sf:aiSchema", "is missing: an extraction needs to know what to read",
						"Name the application's extraction schema for the document, e.g. sf:aiSchema=\"invoice\"."));
			}
			else if (extractionSchemas != null && !extractionSchemas.contains(schema)) {
				problems.add(new Problem("sf:aiSchema",
						"'" + schema + "' is not an extraction schema of this application (known: "
								+ (extractionSchemas.isEmpty() ? "none" : String.join(", ", extractionSchemas)) + ")",
						"Correct the name, or add an ExtractionSchema bean with that name (docs/ai.md)."));
			}
		}
		return problems;
	}

	/**
	 * The labels files named by the classify steps of a model ({@code sf:aiLabels}), in
	 * document order.
	 */
	public static Set<String> labelsFiles(BpmnModel model) {
		Set<String> names = new LinkedHashSet<>();
		for (Process process : model.getProcesses()) {
			for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
				String kind = attribute(element, "ai");
				String labels = attribute(element, "aiLabels");
				if ("classify".equalsIgnoreCase(kind) && labels != null && LABELS_FILE.matcher(labels).matches()) {
					names.add(labels);
				}
			}
		}
		return names;
	}

	/**
	 * What is wrong with the process's own {@code sf:aiThreshold} and
	 * {@code sf:aiPrecision}, if anything.
	 */
	public static List<Problem> processProblems(Process process) {
		List<Problem> problems = new ArrayList<>();
		String threshold = process.getAttributeValue(SF_NS, "aiThreshold");
		thresholdProblem(threshold, "sf:aiThreshold", problems);
		String precision = process.getAttributeValue(SF_NS, "aiPrecision");
		if (precision != null && !precision.isBlank()) {
			if (threshold != null && !threshold.isBlank()) {
				problems.add(new Problem("sf:aiPrecision",
						"and sf:aiThreshold are both set: the classify steps would have two rules",
						"Keep sf:aiPrecision (a threshold per label is derived from it) or sf:aiThreshold (one raw cut-off)."));
			}
			try {
				precision(precision);
			}
			catch (IllegalArgumentException ex) {
				problems
					.add(new Problem("sf:aiPrecision", "'" + precision.strip() + "' is not a share above 0 and below 1",
							"Write the share of sure results that must be right, e.g. sf:aiPrecision=\"0.95\"."));
			}
		}
		return problems;
	}

	private static void thresholdProblem(String value, String field, List<Problem> problems) {
		if (value == null || value.isBlank()) {
			return;
		}
		try {
			threshold(value);
		}
		catch (IllegalArgumentException ex) {
			problems.add(new Problem(field, "'" + value.strip() + "' is not a number from 0 to 1",
					"Write the confidence from which a result counts as sure, e.g. sf:aiThreshold=\"0.8\"."));
		}
	}

	private static String attribute(FlowElement step, String name) {
		String value = step.getAttributeValue(SF_NS, name);
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** One problem with one attribute of an AI step. */
	public record Problem(String field, String message, String hint) {
	}

}
