package io.steadyflow.operations;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@PostgresTest
class IncidentPagesPostgresTest extends IncidentPagesScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

}
