package io.steadyflow.metrics;

import java.time.Duration;
import java.util.Date;

import org.flowable.common.engine.api.delegate.event.FlowableEngineEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.AbstractFlowableEventListener;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;
import org.flowable.task.api.history.HistoricTaskLogEntryType;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;

/**
 * Counts what the engine reports: instance starts, the waiting and working time of user
 * tasks, failed job attempts, and (through {@link HumanDecisions}) whether people kept an
 * AI's suggestion. It runs inside the command that caused the event, so everything but
 * job failures is counted after that transaction commits; a metric problem is logged and
 * never fails the work.
 */
class EngineEventMetrics extends AbstractFlowableEventListener {

	private final WorkflowMetrics metrics;

	private final HumanDecisions decisions;

	EngineEventMetrics(WorkflowMetrics metrics, HumanDecisions decisions) {
		this.metrics = metrics;
		this.decisions = decisions;
	}

	@Override
	public void onEvent(FlowableEvent event) {
		if (!(event instanceof FlowableEngineEntityEvent entityEvent)
				|| !(event.getType() instanceof FlowableEngineEventType type)) {
			return;
		}
		Object entity = entityEvent.getEntity();
		switch (type) {
			case PROCESS_STARTED -> {
				if (entity instanceof ProcessInstance instance) {
					ProcessDefinition definition = definition(instance.getProcessDefinitionId());
					this.metrics.instanceStartedAfterCommit(definition.getKey(), definition.getVersion());
				}
			}
			case TASK_ASSIGNED -> {
				if (entity instanceof TaskEntity task && task.getAssignee() != null
						&& task.getProcessDefinitionId() != null && !assignedBefore(task)) {
					this.metrics.userTaskWaitedAfterCommit(definition(task.getProcessDefinitionId()).getKey(),
							task.getTaskDefinitionKey(), since(task.getCreateTime()));
				}
			}
			case TASK_COMPLETED -> {
				if (entity instanceof TaskEntity task && task.getProcessDefinitionId() != null) {
					String process = definition(task.getProcessDefinitionId()).getKey();
					Duration duration = since(task.getCreateTime());
					if (task.getAssignee() == null && !assignedBefore(task)) {
						// completed without ever being claimed: it waited all its life
						this.metrics.userTaskWaitedAfterCommit(process, task.getTaskDefinitionKey(), duration);
					}
					this.metrics.userTaskCompletedAfterCommit(process, task.getTaskDefinitionKey(), duration);
					this.decisions.completed(task, process);
				}
			}
			case JOB_EXECUTION_FAILURE -> {
				if (entity instanceof Job job) {
					this.metrics.jobFailed((job.getProcessDefinitionId() != null)
							? definition(job.getProcessDefinitionId()).getKey() : WorkflowMetrics.UNKNOWN);
				}
			}
			default -> {
			}
		}
	}

	/**
	 * Whether the task had an assignee before this event: the historic task log (switched
	 * on by the tasks capability) has an assignee change for it already. The change being
	 * made now is not yet flushed, so it is not among them. One small indexed query per
	 * claim, so that a task released and claimed again is counted once.
	 */
	private boolean assignedBefore(TaskEntity task) {
		return CommandContextUtil.getProcessEngineConfiguration()
			.getHistoryService()
			.createHistoricTaskLogEntryQuery()
			.taskId(task.getId())
			.type(HistoricTaskLogEntryType.USER_TASK_ASSIGNEE_CHANGED.name())
			.count() > 0;
	}

	private static Duration since(Date created) {
		if (created == null) {
			return Duration.ZERO;
		}
		Date now = CommandContextUtil.getProcessEngineConfiguration().getClock().getCurrentTime();
		Duration duration = Duration.between(created.toInstant(), now.toInstant());
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	/** From the engine's deployment cache: a deployed definition never changes. */
	private static ProcessDefinition definition(String processDefinitionId) {
		return ProcessDefinitionUtil.getProcessDefinition(processDefinitionId);
	}

	@Override
	public boolean isFailOnException() {
		// Counting must never undo the work it counts.
		return false;
	}

}
