package io.steadyflow.triggers;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@H2Test
class WebhookAndMessageH2Test extends WebhookAndMessageScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

}
