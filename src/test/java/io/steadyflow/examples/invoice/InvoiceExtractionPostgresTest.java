package io.steadyflow.examples.invoice;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@PostgresTest
class InvoiceExtractionPostgresTest extends InvoiceExtractionScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

}
