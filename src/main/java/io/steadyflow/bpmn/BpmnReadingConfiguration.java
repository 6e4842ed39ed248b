package io.steadyflow.bpmn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BpmnReadingConfiguration {

	@Bean
	SafeBpmnReader safeBpmnReader(BpmnInputLimits limits) {
		return new SafeBpmnReader(limits);
	}

}
