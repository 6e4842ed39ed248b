package io.steadyflow.examples.ordersync;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@PostgresTest
class OrderSyncPostgresTest extends OrderSyncScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
		registerSystems(registry);
	}

}
