package io.steadyflow.operations.owner;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@H2Test
class OwnerViewH2Test extends OwnerViewScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

}
