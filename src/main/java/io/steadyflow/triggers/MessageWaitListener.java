package io.steadyflow.triggers;

import java.sql.Timestamp;

import io.steadyflow.system.AfterCommit;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.engine.delegate.event.FlowableMessageEvent;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;

/**
 * Keeps {@link MessageWaits} in step with the engine's message subscriptions, in the
 * engine's transaction: a wait begins with its correlation key evaluated over the
 * instance's variables, and ends when the message arrived or the wait was cancelled (a
 * boundary event whose activity ended, an instance cancelled). A wait gets a kept message
 * that matches it after the commit.
 */
class MessageWaitListener implements FlowableEventListener {

	private final DeployedTriggers triggers;

	private final MessageWaits waits;

	private final MessageCorrelation correlation;

	MessageWaitListener(DeployedTriggers triggers, MessageWaits waits, MessageCorrelation correlation) {
		this.triggers = triggers;
		this.waits = waits;
		this.correlation = correlation;
	}

	@Override
	public void onEvent(FlowableEvent event) {
		if (!(event instanceof FlowableMessageEvent message) || message.getMessageName() == null) {
			return;
		}
		if (event.getType() != FlowableEngineEventType.ACTIVITY_MESSAGE_WAITING) {
			this.waits.remove(message.getExecutionId(), message.getMessageName());
			return;
		}
		DeclaredTrigger trigger = this.triggers.at(message.getProcessDefinitionId(), message.getActivityId());
		String expression = (trigger != null) ? trigger.correlationKey() : null;
		String key = null;
		if (expression != null) {
			ExecutionEntity execution = CommandContextUtil.getExecutionEntityManager()
				.findById(message.getExecutionId());
			key = MessageWaits.key(CommandContextUtil.getProcessEngineConfiguration().getExpressionManager(),
					expression, execution);
		}
		this.waits.add(message.getExecutionId(), message.getProcessInstanceId(), message.getActivityId(),
				message.getMessageName(), key, Timestamp.from(this.correlation.now()));
		// Looked for after the commit, not now: a message kept by a transaction that
		// commits after this one looked would be seen by neither (MessageCorrelation).
		String executionId = message.getExecutionId();
		String name = message.getMessageName();
		String correlationKey = key;
		AfterCommit.run(() -> this.correlation.waitBegan(name, correlationKey, executionId));
	}

	@Override
	public boolean isFailOnException() {
		// A wait that cannot be recorded could never be reached by its messages: the
		// step rolls back instead.
		return true;
	}

	@Override
	public boolean isFireOnTransactionLifecycleEvent() {
		return false;
	}

	@Override
	public String getOnTransaction() {
		return null;
	}

}
