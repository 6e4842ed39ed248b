package io.steadyflow.readiness;

import java.util.ArrayList;
import java.util.List;

import org.flowable.common.engine.impl.EngineDeployer;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the readiness gate into the process engine's deploy path. */
@Configuration(proxyBeanMethods = false)
class ReadinessEngineConfiguration {

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> readinessDeployGateConfigurer(
			ReadinessLinter linter) {
		return (engineConfiguration) -> {
			List<EngineDeployer> preDeployers = new ArrayList<>();
			if (engineConfiguration.getCustomPreDeployers() != null) {
				preDeployers.addAll(engineConfiguration.getCustomPreDeployers());
			}
			preDeployers.add(new ReadinessDeployGate(linter));
			engineConfiguration.setCustomPreDeployers(preDeployers);
		};
	}

}
