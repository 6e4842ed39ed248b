package io.steadyflow.metrics;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.steadyflow.forms.FormCatalog;
import io.steadyflow.system.EngineEventListeners;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.engine.ManagementService;
import org.flowable.engine.TaskService;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the metrics: {@link WorkflowMetrics} always (the tools and AI steps record into
 * it, and so do the operations capability's event listeners; it does nothing when
 * switched off), the engine listener and the gauges only with
 * {@code steadyflow.metrics.enabled} (the default), so that switched off they cost
 * nothing at all.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	private static final FlowableEngineEventType[] ENGINE_EVENTS = { FlowableEngineEventType.PROCESS_STARTED,
			FlowableEngineEventType.TASK_ASSIGNED, FlowableEngineEventType.TASK_COMPLETED,
			FlowableEngineEventType.JOB_EXECUTION_FAILURE };

	@Bean
	WorkflowMetrics workflowMetrics(MeterRegistry registry, MetricsProperties properties) {
		return new WorkflowMetrics(registry, properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "steadyflow.metrics.enabled", havingValue = "true", matchIfMissing = true)
	static class Enabled {

		@Bean
		EngineConfigurationConfigurer<SpringProcessEngineConfiguration> metricsEngineConfigurer(WorkflowMetrics metrics,
				FormCatalog forms, ObjectMapper objectMapper) {
			FlowableEventListener listener = new EngineEventMetrics(metrics,
					new HumanDecisions(metrics, forms, objectMapper));
			return (engine) -> EngineEventListeners.add(engine, listener, ENGINE_EVENTS);
		}

		/** A meter binder: Spring Boot binds it to every registry. */
		@Bean
		WorkGauges workGauges(TaskService taskService, ManagementService managementService,
				MetricsProperties properties) {
			return new WorkGauges(taskService, managementService, properties, Clock.systemUTC());
		}

	}

}
