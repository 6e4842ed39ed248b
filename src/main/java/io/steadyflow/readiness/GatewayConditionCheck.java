package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.isBlank;

import java.util.List;
import java.util.stream.Collectors;

import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.Gateway;
import org.flowable.bpmn.model.InclusiveGateway;
import org.flowable.bpmn.model.SequenceFlow;

/**
 * {@code gateway-conditions}: a deciding gateway says on every branch when it is taken.
 * Flowable takes a flow without a condition as if its condition were true, so a forgotten
 * condition silently wins the decision.
 */
final class GatewayConditionCheck implements ReadinessCheck {

	@Override
	public void check(ProcessView view, Findings findings) {
		for (Gateway gateway : view.elements(Gateway.class)) {
			if (!(gateway instanceof ExclusiveGateway || gateway instanceof InclusiveGateway)
					|| gateway.getOutgoingFlows().size() < 2) {
				continue;
			}
			List<SequenceFlow> unconditioned = gateway.getOutgoingFlows()
				.stream()
				.filter((flow) -> isBlank(flow.getConditionExpression())
						&& !flow.getId().equals(gateway.getDefaultFlow()))
				.toList();
			if (unconditioned.isEmpty()) {
				continue;
			}
			String flows = unconditioned.stream()
				.map(GatewayConditionCheck::describe)
				.collect(Collectors.joining(", "));
			String message = "The " + ProcessView.kind(gateway) + " " + ProcessView.label(gateway) + " has "
					+ ((unconditioned.size() == 1) ? "a branch" : unconditioned.size() + " branches")
					+ " without a condition that " + ((unconditioned.size() == 1) ? "is not" : "are not")
					+ " the default flow: " + flows;
			String hint = isBlank(gateway.getDefaultFlow())
					? "Add a conditionExpression (e.g. ${decision == 'approve'}) to each branch, or mark the fallback branch as the gateway's default (default=\"flowId\")."
					: "Add a conditionExpression to each branch other than the default flow '"
							+ gateway.getDefaultFlow() + "'.";
			findings.add(ReadinessRule.GATEWAY_CONDITIONS, Severity.ERROR, view.process(), gateway, message, hint);
		}
	}

	private static String describe(SequenceFlow flow) {
		String target = (flow.getTargetFlowElement() != null) ? ProcessView.label(flow.getTargetFlowElement())
				: flow.getTargetRef();
		return flow.getId() + (isBlank(flow.getName()) ? "" : " '" + flow.getName() + "'") + " to " + target;
	}

}
