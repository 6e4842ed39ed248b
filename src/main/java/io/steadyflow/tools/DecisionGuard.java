package io.steadyflow.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.steadyflow.instances.InstanceQueries;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.task.service.delegate.DelegateTask;
import org.flowable.task.service.delegate.TaskListener;

import org.springframework.stereotype.Component;

/**
 * Enforces a human decision declared on a user task:
 *
 * <pre>
 * &lt;userTask id="approveInvoice" sf:decision="approval" sf:outcomes="approve,reject"
 *           sf:reasonRequiredFor="reject"&gt;
 *   &lt;extensionElements&gt;
 *     &lt;flowable:taskListener event="create" delegateExpression="${decisionGuard}"/&gt;
 *     &lt;flowable:taskListener event="complete" delegateExpression="${decisionGuard}"/&gt;
 * </pre>
 *
 * On create it clears an earlier round's outcome, so that a loop cannot pass on a stale
 * decision. On complete it refuses (and so rolls back) a completion without one of the
 * outcomes, or without a reason where one is required, and records outcome and reason on
 * the task itself: the history then says who decided what and why, per task.
 */
@Component("decisionGuard")
public class DecisionGuard implements TaskListener {

	static final String NAMESPACE = "urn:steadyflow:bpmn";

	@Override
	public void notify(DelegateTask task) {
		FlowElement element = ProcessDefinitionUtil.getProcess(task.getProcessDefinitionId())
			.getFlowElement(task.getTaskDefinitionKey(), true);
		String variable = attribute(element, "decision");
		if (variable == null) {
			throw new FlowableIllegalArgumentException("User task '" + task.getTaskDefinitionKey()
					+ "' uses the decision guard but declares no sf:decision variable");
		}
		String reasonVariable = variable + "Reason";
		if (EVENTNAME_CREATE.equals(task.getEventName())) {
			task.removeVariable(variable);
			task.removeVariable(reasonVariable);
			return;
		}
		if (!EVENTNAME_COMPLETE.equals(task.getEventName())) {
			return;
		}
		List<String> outcomes = list(attribute(element, "outcomes"));
		Set<String> reasonRequired = Set.copyOf(list(attribute(element, "reasonRequiredFor")));
		Object outcome = task.getVariable(variable);
		if (outcome == null || outcome.toString().isBlank()) {
			throw new FlowableIllegalArgumentException("'" + task.getName() + "' needs a decision: set '" + variable
					+ "' to one of " + String.join(", ", outcomes) + ".");
		}
		if (!outcomes.isEmpty() && !outcomes.contains(outcome.toString())) {
			throw new FlowableIllegalArgumentException("'" + outcome + "' is not a valid decision for '"
					+ task.getName() + "': choose one of " + String.join(", ", outcomes) + ".");
		}
		Object reason = task.getVariable(reasonVariable);
		boolean hasReason = reason != null && !reason.toString().isBlank();
		if (reasonRequired.contains(outcome.toString()) && !hasReason) {
			throw new FlowableIllegalArgumentException(
					"A reason is required to " + outcome + " '" + task.getName() + "': set '" + reasonVariable + "'.");
		}
		task.setVariableLocal(InstanceQueries.OUTCOME, outcome.toString());
		if (hasReason) {
			task.setVariableLocal(InstanceQueries.REASON, reason.toString().strip());
		}
	}

	private static String attribute(FlowElement element, String name) {
		return (element != null) ? element.getAttributeValue(NAMESPACE, name) : null;
	}

	private static List<String> list(String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(","))
			.map(String::strip)
			.filter((s) -> !s.isEmpty())
			.collect(Collectors.toList());
	}

}
