package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.label;

import java.util.LinkedHashSet;
import java.util.Set;

import io.steadyflow.tools.HttpStepFields;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.UserTask;

/**
 * {@code tool-config}: the fields of an {@code httpTool} or {@code mailTool} step are
 * complete and readable, and name systems and secrets that are configured, so that a
 * misconfigured step fails the deployment rather than every instance that reaches it (as
 * retries and an incident). The fields are read with the tools' own parsing
 * ({@link HttpStepFields}).
 */
final class ToolConfigCheck implements ReadinessCheck {

	private final StepConfiguration configuration;

	ToolConfigCheck(StepConfiguration configuration) {
		this.configuration = configuration;
	}

	@Override
	public void check(ProcessView view, Findings findings) {
		for (FlowElement element : view.elements()) {
			if (ProcessView.isDelegate(element, "httpTool")) {
				ServiceTask task = (ServiceTask) element;
				for (HttpStepFields.Problem problem : HttpStepFields.problems((name) -> field(task, name),
						this.configuration.http())) {
					report(view, task, "httpTool", problem.field(), problem.message(), problem.hint(), findings);
				}
			}
			else if (ProcessView.isDelegate(element, "mailTool")) {
				checkMail(view, (ServiceTask) element, findings);
			}
		}
	}

	private void checkMail(ProcessView view, ServiceTask task, Findings findings) {
		if (field(task, "subject") == null) {
			report(view, task, "mailTool", "subject", "is missing, so the mail cannot be sent",
					"Add <flowable:field name=\"subject\" expression=\"Invoice ${invoiceNumber} rejected\"/>.",
					findings);
		}
		String owner = field(task, "toOwner");
		boolean anyRecipient = field(task, "to") != null || field(task, "toVariables") != null
				|| field(task, "toCandidatesOf") != null
				|| (owner != null && (HttpStepFields.isExpression(owner) || Boolean.parseBoolean(owner.strip())));
		if (!anyRecipient) {
			report(view, task, "mailTool", "to", "has no recipient (none of to, toVariables, toCandidatesOf, toOwner)",
					"Add at least one recipient field, e.g. <flowable:field name=\"toCandidatesOf\" "
							+ "stringValue=\"approveInvoice\"/> or toOwner=\"true\".",
					findings);
		}
		String taskIds = field(task, "toCandidatesOf");
		if (taskIds != null && !HttpStepFields.isExpression(taskIds)) {
			Set<String> userTasks = new LinkedHashSet<>();
			view.process()
				.findFlowElementsOfType(UserTask.class, true)
				.forEach((userTask) -> userTasks.add(userTask.getId()));
			for (String taskId : HttpStepFields.pairs(taskIds, '=').values()) {
				if (!userTasks.contains(taskId)) {
					report(view, task, "mailTool", "toCandidatesOf",
							"names '" + taskId + "', which is not a user task of this process",
							"Name the id of a user task of process '" + view.process().getId() + "'"
									+ (userTasks.isEmpty() ? "." : ": " + String.join(", ", userTasks) + "."),
							findings);
				}
			}
		}
	}

	private static void report(ProcessView view, FlowElement element, String tool, String field, String problem,
			String hint, Findings findings) {
		Process process = view.process();
		findings.add(ReadinessRule.TOOL_CONFIG, Severity.ERROR, process, element,
				"The " + tool + " step " + label(element) + ": field '" + field + "' " + problem, hint);
	}

	/** The field as written in the diagram, or {@code null} when absent or blank. */
	private static String field(ServiceTask task, String name) {
		for (FieldExtension field : task.getFieldExtensions()) {
			if (name.equals(field.getFieldName())) {
				String value = (field.getStringValue() != null) ? field.getStringValue() : field.getExpression();
				return (value == null || value.isBlank()) ? null : value;
			}
		}
		return null;
	}

}
