package io.steadyflow.operations;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.TestMail;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@H2Test
class OutcomesAndServiceLevelsH2Test extends OutcomesAndServiceLevelsScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		TestMail.register(registry);
		registry.add("steadyflow.owners.people-operations", () -> OWNER_ADDRESS);
	}

}
