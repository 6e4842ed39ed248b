package io.steadyflow.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import io.steadyflow.bpmn.ServiceLevel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.HistoryService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.job.service.JobHandler;
import org.flowable.job.service.impl.persistence.entity.JobEntity;
import org.flowable.task.api.history.HistoricTaskInstance;
import org.flowable.variable.api.delegate.VariableScope;

/**
 * The timer job that checks a service level when it runs out (scheduled by
 * {@link ServiceLevelTimers}). The work is a breach when it is still open, or when it
 * ended after the service level (the job ran late, e.g. while no node was up): both mean
 * the work passed its service level while open. Work that ended in time is no breach.
 * <p>
 * Configuration: {@code process:<instance id>} or {@code task:<task id>}.
 */
class ServiceLevelCheck implements JobHandler {

	static final String TYPE = "steadyflow-service-level";

	private static final String PROCESS = "process:";

	private static final String TASK = "task:";

	private final ServiceLevelBreaches breaches;

	ServiceLevelCheck(ServiceLevelBreaches breaches) {
		this.breaches = breaches;
	}

	static String forProcess(String processInstanceId) {
		return PROCESS + processInstanceId;
	}

	static String forTask(String taskId) {
		return TASK + taskId;
	}

	@Override
	public String getType() {
		return TYPE;
	}

	@Override
	public void execute(JobEntity job, String configuration, VariableScope variableScope,
			CommandContext commandContext) {
		HistoryService history = CommandContextUtil.getProcessEngineConfiguration(commandContext).getHistoryService();
		Instant now = CommandContextUtil.getProcessEngineConfiguration(commandContext)
			.getClock()
			.getCurrentTime()
			.toInstant();
		if (configuration.startsWith(PROCESS)) {
			HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
				.processInstanceId(configuration.substring(PROCESS.length()))
				.singleResult();
			if (instance == null) {
				return;
			}
			Process process = ProcessDefinitionUtil.getProcess(instance.getProcessDefinitionId());
			Optional<Duration> sla = ServiceLevel.of(process);
			if (sla.isPresent() && passed(instance.getStartTime(), instance.getEndTime(), sla.get(), now)) {
				ProcessDefinition definition = ProcessDefinitionUtil
					.getProcessDefinition(instance.getProcessDefinitionId());
				this.breaches.record(new ServiceLevelBreaches.Breach(instance.getId(), "process", null,
						definition.getKey(), definition.getVersion(), null, definition.getName(), sla.get(),
						instance.getStartTime().toInstant().plus(sla.get()), now, instance.getBusinessKey(), process));
			}
		}
		else if (configuration.startsWith(TASK)) {
			HistoricTaskInstance task = history.createHistoricTaskInstanceQuery()
				.taskId(configuration.substring(TASK.length()))
				.singleResult();
			if (task == null || task.getProcessDefinitionId() == null) {
				return;
			}
			Process process = ProcessDefinitionUtil.getProcess(task.getProcessDefinitionId());
			FlowElement element = process.getFlowElement(task.getTaskDefinitionKey(), true);
			Optional<Duration> sla = (element != null) ? ServiceLevel.of(element) : Optional.empty();
			if (sla.isPresent() && passed(task.getCreateTime(), task.getEndTime(), sla.get(), now)) {
				ProcessDefinition definition = ProcessDefinitionUtil
					.getProcessDefinition(task.getProcessDefinitionId());
				HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
					.processInstanceId(task.getProcessInstanceId())
					.singleResult();
				this.breaches.record(new ServiceLevelBreaches.Breach(task.getProcessInstanceId(), task.getId(),
						task.getId(), definition.getKey(), definition.getVersion(), task.getTaskDefinitionKey(),
						task.getName(), sla.get(), task.getCreateTime().toInstant().plus(sla.get()), now,
						(instance != null) ? instance.getBusinessKey() : null, process));
			}
		}
	}

	private static boolean passed(Date start, Date end, Duration sla, Instant now) {
		Instant due = start.toInstant().plus(sla);
		Instant ended = (end != null) ? end.toInstant() : null;
		return (ended == null) ? !now.isBefore(due) : ended.isAfter(due);
	}

}
