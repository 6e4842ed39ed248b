package io.steadyflow.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flowable.bpmn.model.FlowElement;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.AbstractFlowableEventListener;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.flowable.task.api.history.HistoricTaskInstance;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Engine settings for human work: Flowable's historic task log keeps every claim,
 * assignment and delegation (the decision record), and four-eyes tasks get their excluded
 * people recorded when they are created.
 */
@Configuration(proxyBeanMethods = false)
class TaskEngineConfiguration {

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> humanWorkEngineConfigurer() {
		return (engine) -> {
			engine.setEnableHistoricTaskLogging(true);
			List<FlowableEventListener> listeners = (engine.getEventListeners() != null)
					? new ArrayList<>(engine.getEventListeners()) : new ArrayList<>();
			listeners.add(new RecordExcludedPeople());
			engine.setEventListeners(listeners);
		};
	}

	/**
	 * Runs inside the command that creates the task, so it reads the instance from the
	 * command's own entities: the instance may have been started in this very
	 * transaction.
	 */
	static final class RecordExcludedPeople extends AbstractFlowableEventListener {

		@Override
		public void onEvent(FlowableEvent event) {
			if (event.getType() != FlowableEngineEventType.TASK_CREATED
					|| !(event instanceof FlowableEngineEntityEvent entityEvent)
					|| !(entityEvent.getEntity() instanceof TaskEntity task) || task.getProcessDefinitionId() == null) {
				return;
			}
			FlowElement element = ProcessDefinitionUtil.getProcess(task.getProcessDefinitionId())
				.getFlowElement(task.getTaskDefinitionKey(), true);
			List<String> rule = FourEyes.declared(element);
			if (rule.isEmpty()) {
				return;
			}
			ExecutionEntity instance = CommandContextUtil.getExecutionEntityManager()
				.findById(task.getProcessInstanceId());
			Map<String, String> excluded = FourEyes.excluded(rule,
					(instance != null) ? instance.getStartUserId() : null,
					(key) -> CommandContextUtil.getProcessEngineConfiguration()
						.getHistoryService()
						.createHistoricTaskInstanceQuery()
						.processInstanceId(task.getProcessInstanceId())
						.taskDefinitionKey(key)
						.list()
						.stream()
						.filter((done) -> !done.getId().equals(task.getId()))
						.map(HistoricTaskInstance::getAssignee)
						.filter(java.util.Objects::nonNull)
						.distinct()
						.toList());
			excluded.keySet().forEach((userId) -> task.addUserIdentityLink(userId, FourEyes.EXCLUDED));
		}

		@Override
		public boolean isFailOnException() {
			return true;
		}

	}

}
