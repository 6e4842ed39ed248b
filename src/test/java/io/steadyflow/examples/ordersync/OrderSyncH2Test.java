package io.steadyflow.examples.ordersync;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@H2Test
class OrderSyncH2Test extends OrderSyncScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registerSystems(registry);
	}

}
