package io.steadyflow.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.steadyflow.metrics.ToolCallResult;
import io.steadyflow.metrics.WorkflowMetrics;
import io.steadyflow.security.ConfiguredUsers;
import io.steadyflow.security.SecurityProperties;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.UserTask;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;

import org.springframework.stereotype.Component;

/**
 * The {@code mail} tool: a plain-text notification from a service task
 * ({@code flowable:delegateExpression="${mailTool}"}). Subject and body are expressions
 * over the variables; every mail ends with a link to the instance. Recipients: the
 * candidates of a user task of the process ({@code toCandidatesOf}), the process owner
 * ({@code toOwner}), addresses held in variables ({@code toVariables}) and literal
 * addresses ({@code to}). The mail goes out after the step's transaction commits;
 * delivery problems are logged and never fail the process.
 */
@Component("mailTool")
class MailTool implements JavaDelegate {

	/** The {@code system} label of the mail tool's calls in the metrics. */
	static final String METRICS_SYSTEM = "mail";

	private final Notifications notifications;

	private final ConfiguredUsers users;

	private final WorkflowMetrics metrics;

	MailTool(Notifications notifications, ConfiguredUsers users, WorkflowMetrics metrics) {
		this.notifications = notifications;
		this.users = users;
		this.metrics = metrics;
	}

	@Override
	public void execute(DelegateExecution execution) {
		StepFields fields = new StepFields(execution);
		String subject = fields.required("subject");
		String body = fields.text("body", "");
		Process process = ProcessDefinitionUtil.getProcess(execution.getProcessDefinitionId());
		List<Object> recipients = new ArrayList<>();
		String to = fields.text("to");
		if (to != null) {
			recipients.add(to);
		}
		String variables = fields.text("toVariables");
		if (variables != null) {
			for (String name : HttpTool.pairs(variables, '=').values()) {
				Object value = execution.getVariable(name);
				if (value instanceof Collection<?> many) {
					recipients.addAll(many);
				}
				else if (value != null) {
					recipients.add(value);
				}
			}
		}
		String taskIds = fields.text("toCandidatesOf");
		if (taskIds != null) {
			for (String taskId : HttpTool.pairs(taskIds, '=').values()) {
				recipients.addAll(candidateAddresses(execution, process, taskId));
			}
		}
		if (Boolean.parseBoolean(fields.text("toOwner", "false"))) {
			recipients.addAll(this.notifications.ownerAddresses(Notifications.ownerOf(process)));
		}
		String text = body.isEmpty() ? "" : body + "\n\n";
		text += "Open: " + this.notifications.instanceLink(execution.getProcessInstanceId()) + "\n";
		this.notifications.sendAfterCommit(Notifications.addresses(recipients), subject, text,
				(delivered, took) -> this.metrics.toolCall(METRICS_SYSTEM,
						delivered ? ToolCallResult.SUCCESS : ToolCallResult.FAILED, took));
	}

	private List<String> candidateAddresses(DelegateExecution execution, Process process, String taskId) {
		FlowElement element = process.getFlowElement(taskId, true);
		if (!(element instanceof UserTask task)) {
			throw new ToolFailure("Step '" + execution.getCurrentActivityId() + "': '" + taskId
					+ "' is not a user task of process '" + process.getId() + "'");
		}
		List<String> addresses = new ArrayList<>();
		for (String group : evaluate(execution, task.getCandidateGroups())) {
			this.users.membersOf(group)
				.stream()
				.map(SecurityProperties.User::email)
				.filter((email) -> email != null)
				.forEach(addresses::add);
		}
		for (String user : evaluate(execution, task.getCandidateUsers())) {
			this.users.find(user).map(SecurityProperties.User::email).ifPresent(addresses::add);
		}
		return addresses;
	}

	private static List<String> evaluate(DelegateExecution execution, List<String> values) {
		List<String> result = new ArrayList<>();
		for (String value : values) {
			Object evaluated = value.contains("${") ? CommandContextUtil.getProcessEngineConfiguration()
				.getExpressionManager()
				.createExpression(value)
				.getValue(execution) : value;
			if (evaluated != null) {
				result.addAll(Notifications.addresses(List.of(evaluated)));
			}
		}
		return result;
	}

}
