package io.steadyflow.system;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@H2Test
class ApiH2Test extends ApiScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

}
