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
 * Registers the incident notifier with the engine, for the one event it handles.
 */
@Configuration(proxyBeanMethods = false)
class OperationsEngineConfiguration {

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> incidentNotifierConfigurer(
			Notifications notifications) {
		return (engine) -> {
			Map<String, List<FlowableEventListener>> typed = (engine.getTypedEventListeners() != null)
					? new HashMap<>(engine.getTypedEventListeners()) : new HashMap<>();
			List<FlowableEventListener> listeners = new ArrayList<>(
					typed.getOrDefault("JOB_MOVED_TO_DEADLETTER", List.of()));
			listeners.add(new IncidentNotifier(notifications));
			typed.put("JOB_MOVED_TO_DEADLETTER", listeners);
			engine.setTypedEventListeners(typed);
		};
	}

}
