package io.steadyflow.operations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steadyflow.tools.Notifications;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
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
			Map<String, List<FlowableEventListener>> typed = (engine.getTypedEventListeners() != null)
					? new HashMap<>(engine.getTypedEventListeners()) : new HashMap<>();
			add(typed, new IncidentNotifier(notifications), "JOB_MOVED_TO_DEADLETTER");
			add(typed, new OutcomeRecorder(outcomes), "ACTIVITY_STARTED", "PROCESS_CANCELLED", "PROCESS_COMPLETED",
					"PROCESS_COMPLETED_WITH_TERMINATE_END_EVENT", "PROCESS_COMPLETED_WITH_ERROR_END_EVENT");
			add(typed, new ServiceLevelTimers(), "PROCESS_STARTED", "TASK_CREATED");
			engine.setTypedEventListeners(typed);
			engine.addCustomJobHandler(new ServiceLevelCheck(breaches));
		};
	}

	private static void add(Map<String, List<FlowableEventListener>> typed, FlowableEventListener listener,
			String... types) {
		for (String type : types) {
			List<FlowableEventListener> listeners = new ArrayList<>(typed.getOrDefault(type, List.of()));
			listeners.add(listener);
			typed.put(type, listeners);
		}
	}

}
