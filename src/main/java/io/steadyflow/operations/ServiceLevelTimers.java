package io.steadyflow.operations;

import java.time.Duration;
import java.util.Date;
import java.util.Optional;

import io.steadyflow.bpmn.ServiceLevel;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.UserTask;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.AbstractFlowableEventListener;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.job.api.Job;
import org.flowable.job.service.TimerJobService;
import org.flowable.job.service.impl.persistence.entity.TimerJobEntity;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules the check of a service level ({@code sf:sla}) when an instance starts (the
 * process's own) or a user task is created (the task's): an engine timer job, due when
 * the service level runs out, run by {@link ServiceLevelCheck}. Being a job in the
 * database, it survives restarts and runs once on one node of a cluster — an in-memory
 * scheduler would do neither. The job is scheduled in the transaction that starts the
 * work, so work that is rolled back schedules nothing.
 * <p>
 * The job is deliberately not attached to the instance's execution: it must not count
 * among the instance's own jobs (retries, timers of the diagram), and it outlives nothing
 * it should not: when it falls due after the work ended in time, it finds nothing to do.
 */
class ServiceLevelTimers extends AbstractFlowableEventListener {

	private static final Logger logger = LoggerFactory.getLogger(ServiceLevelTimers.class);

	@Override
	public void onEvent(FlowableEvent event) {
		if (!(event instanceof FlowableEngineEntityEvent entityEvent)) {
			return;
		}
		if (event.getType() == FlowableEngineEventType.PROCESS_STARTED
				&& entityEvent.getEntity() instanceof ExecutionEntity execution) {
			// the event may carry the instance's first child execution: the instance is
			// its process instance
			ExecutionEntity instance = (execution.getProcessInstance() != null) ? execution.getProcessInstance()
					: execution;
			Date started = (instance.getStartTime() != null) ? instance.getStartTime() : execution.getStartTime();
			Process process = ProcessDefinitionUtil.getProcess(instance.getProcessDefinitionId());
			serviceLevel(process, process)
				.ifPresent((sla) -> schedule(ServiceLevelCheck.forProcess(instance.getProcessInstanceId()), started,
						sla, process.getId(), process.getName()));
		}
		else if (event.getType() == FlowableEngineEventType.TASK_CREATED
				&& entityEvent.getEntity() instanceof TaskEntity task && task.getProcessDefinitionId() != null) {
			Process process = ProcessDefinitionUtil.getProcess(task.getProcessDefinitionId());
			FlowElement element = process.getFlowElement(task.getTaskDefinitionKey(), true);
			if (element instanceof UserTask userTask) {
				serviceLevel(process, userTask).ifPresent((sla) -> schedule(ServiceLevelCheck.forTask(task.getId()),
						task.getCreateTime(), sla, userTask.getId(), userTask.getName()));
			}
		}
	}

	/**
	 * The declared service level; a value the readiness gate would refuse (only possible
	 * in versions deployed before the rule) is logged and ignored.
	 */
	private static Optional<Duration> serviceLevel(Process process, BaseElement element) {
		try {
			return ServiceLevel.of(element);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Process '{}', {}: {}; no service level is checked", process.getId(), element.getId(),
					ex.getMessage());
			return Optional.empty();
		}
	}

	private static void schedule(String configuration, Date start, Duration sla, String elementId, String elementName) {
		TimerJobService timers = CommandContextUtil.getTimerJobService();
		TimerJobEntity job = timers.createTimerJob();
		job.setJobType(Job.JOB_TYPE_TIMER);
		job.setJobHandlerType(ServiceLevelCheck.TYPE);
		job.setJobHandlerConfiguration(configuration);
		job.setElementId(elementId);
		job.setElementName(elementName);
		job.setDuedate(Date.from(start.toInstant().plus(sla)));
		job.setRetries(CommandContextUtil.getProcessEngineConfiguration().getAsyncExecutorNumberOfRetries());
		job.setExclusive(false);
		timers.scheduleTimerJob(job);
	}

	@Override
	public boolean isFailOnException() {
		// An instance whose service level cannot be watched must not start unwatched.
		return true;
	}

}
