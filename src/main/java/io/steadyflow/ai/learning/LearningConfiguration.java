package io.steadyflow.ai.learning;

import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.ACTIVITY_COMPLETED;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.ai.AiProvenance;
import io.steadyflow.system.EngineEventListeners;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Registers the listener that records misroutes and candidate examples, and the purge of
 * candidates older than the retention period (every node purges; deleting what another
 * node deleted already is harmless).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class LearningConfiguration implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LearningConfiguration.class);

	private final Candidates candidates;

	private final LearningProperties properties;

	LearningConfiguration(Candidates candidates, LearningProperties properties) {
		this.candidates = candidates;
		this.properties = properties;
	}

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> learningEngineConfigurer(AiProvenance provenance,
			Misroutes misroutes, ObjectMapper objectMapper) {
		return (engine) -> EngineEventListeners.add(engine,
				new CorrectionListener(provenance, misroutes, this.candidates, objectMapper), ACTIVITY_COMPLETED);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::purge, this.properties.purgeInterval());
	}

	/** Deletes the candidates older than the retention period; returns how many. */
	int purge() {
		Duration retention = this.properties.retention();
		int purged = this.candidates.purge(Instant.now().minus(retention));
		if (purged > 0) {
			log.info("Purged {} candidate examples older than {}", purged, retention);
		}
		return purged;
	}

}
