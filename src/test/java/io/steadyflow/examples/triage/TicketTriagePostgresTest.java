package io.steadyflow.examples.triage;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@PostgresTest
class TicketTriagePostgresTest extends TicketTriageScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

}
