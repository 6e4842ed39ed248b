package io.steadyflow.operations;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.steadyflow.bpmn.Outcome;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.AbstractFlowableEventListener;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.delegate.event.FlowableActivityEvent;
import org.flowable.engine.delegate.event.FlowableCancelledEvent;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.engine.repository.ProcessDefinition;

/**
 * Records how each instance ends, inside the engine's transaction: when a token reaches
 * an end event that can end the process, its {@code sf:outcome}; when an instance is
 * cancelled (an operator's cancel, a deletion), {@code cancelled}. A parallel token that
 * ends first is overwritten by the one that ends the instance.
 */
class OutcomeRecorder extends AbstractFlowableEventListener {

	/** The engine's events for an instance that ended by reaching its end. */
	static final Set<FlowableEngineEventType> ENDED = Set.of(FlowableEngineEventType.PROCESS_COMPLETED,
			FlowableEngineEventType.PROCESS_COMPLETED_WITH_TERMINATE_END_EVENT,
			FlowableEngineEventType.PROCESS_COMPLETED_WITH_ERROR_END_EVENT);

	private final ProcessOutcomes outcomes;

	OutcomeRecorder(ProcessOutcomes outcomes) {
		this.outcomes = outcomes;
	}

	@Override
	public void onEvent(FlowableEvent event) {
		if (event.getType() == FlowableEngineEventType.ACTIVITY_STARTED
				&& event instanceof FlowableActivityEvent activity && "endEvent".equals(activity.getActivityType())) {
			FlowElement element = ProcessDefinitionUtil.getProcess(activity.getProcessDefinitionId())
				.getFlowElement(activity.getActivityId(), true);
			if (element instanceof EndEvent end && Outcome.endsTheProcess(end)) {
				String outcome = Outcome.of(end).map(Outcome::id).orElse(ProcessOutcomes.UNKNOWN);
				record(activity.getProcessInstanceId(), activity.getProcessDefinitionId(), end.getId(), end.getName(),
						outcome);
			}
		}
		else if (event.getType() == FlowableEngineEventType.PROCESS_CANCELLED
				&& event instanceof FlowableCancelledEvent cancelled && cancelled.getProcessInstanceId() != null
				&& cancelled.getProcessInstanceId().equals(cancelled.getExecutionId())) {
			Object cause = cancelled.getCause();
			record(cancelled.getProcessInstanceId(), cancelled.getProcessDefinitionId(), null,
					(cause != null) ? "Cancelled: " + abbreviate(cause.toString()) : "Cancelled",
					Outcome.CANCELLED.id());
			announceOnce(cancelled.getProcessInstanceId());
		}
		else if (ENDED.contains(event.getType()) && event instanceof FlowableEngineEntityEvent ended
				&& ended.getEntity() instanceof ExecutionEntity instance && instance.getProcessInstanceId() != null) {
			announceOnce(instance.getProcessInstanceId());
		}
	}

	/**
	 * Once per instance and transaction, whichever of the engine's end events come: the
	 * ending recorded last in this transaction (kept in the command context, so it is not
	 * read back from the table) is announced, and then forgotten.
	 */
	private void announceOnce(String processInstanceId) {
		CommandContext context = Context.getCommandContext();
		String key = recordedKey(processInstanceId);
		if (context != null && context.getAttribute(key) instanceof ProcessOutcomes.Ended ended) {
			context.removeAttribute(key);
			this.outcomes.announce(ended);
		}
	}

	private static String recordedKey(String processInstanceId) {
		return "steadyflow-outcome:" + processInstanceId;
	}

	private void record(String processInstanceId, String processDefinitionId, String endId, String endName,
			String outcome) {
		ExecutionEntity instance = CommandContextUtil.getExecutionEntityManager().findById(processInstanceId);
		ProcessDefinition definition = ProcessDefinitionUtil.getProcessDefinition(processDefinitionId);
		Instant now = CommandContextUtil.getProcessEngineConfiguration().getClock().getCurrentTime().toInstant();
		Instant started = Optional.ofNullable(instance)
			.map(ExecutionEntity::getStartTime)
			.map(java.util.Date::toInstant)
			.orElse(now);
		ProcessOutcomes.Ended ended = new ProcessOutcomes.Ended(processInstanceId, processDefinitionId,
				definition.getKey(), definition.getVersion(), endId, endName, outcome, started, now);
		CommandContext context = Context.getCommandContext();
		// An instance started in this very transaction cannot have a row from an earlier
		// one, and none from this one unless a branch ended before.
		boolean first = instance != null && instance.isInserted() && context != null
				&& context.getAttribute(recordedKey(processInstanceId)) == null;
		this.outcomes.record(ended, first);
		if (context != null) {
			context.addAttribute(recordedKey(processInstanceId), ended);
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	@Override
	public boolean isFailOnException() {
		// The row is part of the instance's history: a failure to write it fails the step
		// (and it is retried) rather than leaving an ended instance without its outcome.
		return true;
	}

}
