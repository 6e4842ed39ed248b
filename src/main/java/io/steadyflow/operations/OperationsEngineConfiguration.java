package io.steadyflow.operations;

import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.ACTIVITY_STARTED;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.JOB_MOVED_TO_DEADLETTER;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.PROCESS_CANCELLED;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.PROCESS_COMPLETED;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.PROCESS_COMPLETED_WITH_ERROR_END_EVENT;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.PROCESS_COMPLETED_WITH_TERMINATE_END_EVENT;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.PROCESS_STARTED;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.TASK_CREATED;

import io.steadyflow.system.EngineEventListeners;
import io.steadyflow.tools.Notifications;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers operations' engine listeners, each for the events it handles: the incident
 * notifier, the outcome recorder and the service-level timers, and the service-level
 * check as a job handler.
 */
@Configuration(proxyBeanMethods = false)
class OperationsEngineConfiguration {

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> operationsEngineConfigurer(
			Notifications notifications, ProcessOutcomes outcomes, ServiceLevelBreaches breaches) {
		return (engine) -> {
			EngineEventListeners.add(engine, new IncidentNotifier(notifications), JOB_MOVED_TO_DEADLETTER);
			EngineEventListeners.add(engine, new OutcomeRecorder(outcomes), ACTIVITY_STARTED, PROCESS_CANCELLED,
					PROCESS_COMPLETED, PROCESS_COMPLETED_WITH_TERMINATE_END_EVENT,
					PROCESS_COMPLETED_WITH_ERROR_END_EVENT);
			EngineEventListeners.add(engine, new ServiceLevelTimers(), PROCESS_STARTED, TASK_CREATED);
			engine.addCustomJobHandler(new ServiceLevelCheck(breaches));
		};
	}

}
