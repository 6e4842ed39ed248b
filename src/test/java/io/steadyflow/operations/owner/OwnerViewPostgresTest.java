package io.steadyflow.operations.owner;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A context of its own, which Spring's test cache keeps open beside the other PostgreSQL
 * tests' until the JVM ends: a small pool keeps it from taking the server's connections
 * (the full suite met "too many clients" with the default 10).
 */
@PostgresTest
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=3")
class OwnerViewPostgresTest extends OwnerViewScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

}
