package io.steadyflow.ai.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.steadyflow.ai.AiStepFields;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.UserTask;

/**
 * How a diagram says that people's corrections of a classify step flow back:
 * <ul>
 * <li>{@code sf:aiLearn="true"} on the classify step (or on the {@code <process>} for all
 * its classify steps): people's decisions about what the step read are kept as candidate
 * examples for its labels file;</li>
 * <li>{@code sf:aiCorrects="classifyTicket"} on a user task: its decision
 * ({@code sf:decision}) is the right label for what that step read;</li>
 * <li>{@code sf:aiRoutedBy="classifyTicket" sf:aiMisroute="notOurTeam"} on a user task:
 * its work was routed by that step, and the task's decision {@code notOurTeam} sends it
 * back as not theirs, a misroute of the step when the step had routed it on its own. (On
 * the task rather than on the flow back: the engine keeps no attributes of its own on
 * sequence flows.)</li>
 * </ul>
 * Read by the engine listener at run time and by the readiness rule {@code ai-config} at
 * deploy time.
 */
public final class LearningFields {

	static final String SF_NS = AiStepFields.SF_NS;

	private LearningFields() {
	}

	/**
	 * Whether people's decisions about a classify step's input may be kept:
	 * {@code sf:aiLearn} of the step, else of the process.
	 */
	static boolean learns(FlowElement step, Process process) {
		String value = attribute(step, "aiLearn");
		if (value == null && process != null) {
			value = process.getAttributeValue(SF_NS, "aiLearn");
		}
		return value != null && "true".equalsIgnoreCase(value.strip());
	}

	/** The classify step a user task's decision gives the label for, or {@code null}. */
	static String corrects(FlowElement task) {
		return attribute(task, "aiCorrects");
	}

	/** The classify step whose routing a user task's work follows, or {@code null}. */
	static String routedBy(FlowElement task) {
		return attribute(task, "aiRoutedBy");
	}

	/**
	 * The decision outcome of a user task that sends its work back as not theirs, or
	 * {@code null}.
	 */
	static String misrouteOutcome(FlowElement task) {
		return attribute(task, "aiMisroute");
	}

	/** The task's decision variable ({@code sf:decision}), or {@code null}. */
	static String decisionVariable(FlowElement task) {
		return attribute(task, "decision");
	}

	static boolean isClassifyStep(FlowElement element) {
		return element != null && "classify".equalsIgnoreCase(attribute(element, "ai"));
	}

	/** What is wrong with a process's learning attributes. */
	public static List<Problem> problems(Process process) {
		List<Problem> problems = new ArrayList<>();
		booleanProblem(process, process.getAttributeValue(SF_NS, "aiLearn"), problems);
		for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
			String learn = attribute(element, "aiLearn");
			if (learn != null) {
				booleanProblem(element, learn, problems);
				if (!isClassifyStep(element)) {
					problems.add(new Problem(element, "sf:aiLearn", "applies to classify steps only",
							"Put sf:aiLearn on the classify step (sf:ai=\"classify\") or on the process."));
				}
			}
			String corrects = corrects(element);
			if (corrects != null) {
				if (!(element instanceof UserTask)) {
					problems.add(new Problem(element, "sf:aiCorrects", "applies to user tasks only",
							"Put sf:aiCorrects on the user task where a person picks the label."));
				}
				else if (attribute(element, "decision") == null) {
					problems.add(new Problem(element, "sf:aiCorrects",
							"needs the task's decision (sf:decision): it is the label the person gives",
							"Declare sf:decision=\"<variable>\" with the labels as sf:outcomes."));
				}
				classifyStepProblem(process, element, "sf:aiCorrects", corrects, problems);
			}
			String routedBy = routedBy(element);
			if (routedBy != null) {
				if (!(element instanceof UserTask)) {
					problems.add(new Problem(element, "sf:aiRoutedBy", "applies to user tasks only",
							"Put sf:aiRoutedBy on the user task that receives the work the step routed."));
				}
				classifyStepProblem(process, element, "sf:aiRoutedBy", routedBy, problems);
			}
			String misroute = misrouteOutcome(element);
			if (misroute != null) {
				String outcomes = attribute(element, "outcomes");
				if (routedBy == null) {
					problems.add(new Problem(element, "sf:aiMisroute",
							"needs sf:aiRoutedBy: which classify step routed the work that is sent back",
							"Add sf:aiRoutedBy=\"<id of the classify step>\"."));
				}
				if (decisionVariable(element) == null) {
					problems.add(new Problem(element, "sf:aiMisroute",
							"needs the task's decision (sf:decision): '" + misroute + "' is one of its outcomes",
							"Declare sf:decision and sf:outcomes on the task."));
				}
				else if (outcomes != null && !List.of(outcomes.split("\\s*,\\s*")).contains(misroute)) {
					problems.add(new Problem(element, "sf:aiMisroute",
							"'" + misroute + "' is not one of the task's outcomes (" + outcomes + ")",
							"Name the outcome that sends the work back as not ours, e.g. sf:aiMisroute=\"notOurTeam\"."));
				}
			}
		}
		return problems;
	}

	private static void classifyStepProblem(Process process, FlowElement element, String field, String stepId,
			List<Problem> problems) {
		if (!isClassifyStep(process.getFlowElement(stepId, true))) {
			problems
				.add(new Problem(element, field, "names '" + stepId + "', which is not a classify step of the process",
						"Name the id of the classify step (sf:ai=\"classify\") whose result this corrects."));
		}
	}

	private static void booleanProblem(Object owner, String value, List<Problem> problems) {
		if (value == null || value.isBlank()) {
			return;
		}
		String normalized = value.strip().toLowerCase(Locale.ROOT);
		if (!"true".equals(normalized) && !"false".equals(normalized)) {
			problems.add(new Problem((owner instanceof FlowElement element) ? element : null, "sf:aiLearn",
					"'" + value.strip() + "' is neither true nor false",
					"Write sf:aiLearn=\"true\" to keep people's decisions as candidate examples, or leave it out."));
		}
	}

	private static String attribute(FlowElement element, String name) {
		String value = (element != null) ? element.getAttributeValue(SF_NS, name) : null;
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * One problem with a learning attribute.
	 *
	 * @param element the element that carries it, {@code null} for the process
	 * @param field the attribute
	 * @param message what is wrong
	 * @param hint how to fix it
	 */
	public record Problem(FlowElement element, String field, String message, String hint) {
	}

}
