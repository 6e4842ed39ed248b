package io.steadyflow.operations;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;
import io.steadyflow.support.TestMail;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@PostgresTest
class OutcomesAndServiceLevelsPostgresTest extends OutcomesAndServiceLevelsScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
		TestMail.register(registry);
		registry.add("steadyflow.owners.people-operations", () -> OWNER_ADDRESS);
	}

}
