package io.steadyflow.tools;

import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.engine.TaskService;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.DelegateHelper;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.task.api.Task;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Escalation: offers the open tasks of one user task to one more candidate group and
 * raises their priority, e.g. when a timer says an approval is late. Fields (read per
 * execution, never injected into this shared bean): {@code taskDefinitionKey},
 * {@code candidateGroup} and optional {@code priority}.
 */
@Component("offerTaskToGroup")
class OfferTaskToGroup implements JavaDelegate {

	private final TaskService taskService;

	OfferTaskToGroup(@Lazy TaskService taskService) {
		this.taskService = taskService;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String taskKey = field(execution, "taskDefinitionKey", true);
		String group = field(execution, "candidateGroup", true);
		String priority = field(execution, "priority", false);
		for (Task task : this.taskService.createTaskQuery()
			.processInstanceId(execution.getProcessInstanceId())
			.taskDefinitionKey(taskKey)
			.list()) {
			this.taskService.addCandidateGroup(task.getId(), group);
			if (priority != null) {
				this.taskService.setPriority(task.getId(), Integer.parseInt(priority));
			}
		}
	}

	private static String field(DelegateExecution execution, String name, boolean required) {
		Expression expression = DelegateHelper.getFieldExpression(execution, name);
		Object value = (expression != null) ? expression.getValue(execution) : null;
		if (value == null && required) {
			throw new FlowableIllegalArgumentException(
					"Step '" + execution.getCurrentActivityId() + "' needs the field '" + name + "'");
		}
		return (value != null) ? value.toString() : null;
	}

}
