package io.steadyflow.metrics;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@PostgresTest
// Spring Boot's tests export no metrics unless asked: the scrape is what is tested here.
@AutoConfigureObservability(tracing = false)
class MetricsPostgresTest extends MetricsScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

}
