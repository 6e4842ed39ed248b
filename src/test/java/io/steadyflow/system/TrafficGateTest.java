package io.steadyflow.system;

import io.steadyflow.support.Api;
import io.steadyflow.support.Api.Response;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the application does not accept traffic (start-up deployment still running, or a
 * graceful shutdown), requests get 503 with a Retry-After and the readiness probe says
 * OUT_OF_SERVICE; once ready, everything answers as usual.
 */
@H2Test
class TrafficGateTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	TestRestTemplate rest;

	@Test
	void refusesRequestsWithRetryAfterUntilReady() {
		Api api = new Api(this.rest);
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		try {
			Response start = api.post("clara", "/api/process-definitions/ticket-triage/instances", java.util.Map.of());
			assertThat(start.status()).isEqualTo(503);
			assertThat(start.headers().getFirst("Retry-After")).isEqualTo("5");
			assertThat(start.text("detail")).contains("try again");
			Response anonymous = api.get(null, "/api/tasks");
			assertThat(anonymous.status()).as("refused before any password is checked").isEqualTo(503);
			Response readiness = api.get(null, "/actuator/health/readiness");
			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.text("status")).isEqualTo("OUT_OF_SERVICE");
			assertThat(api.get(null, "/actuator/health/liveness").text("status")).isEqualTo("UP");
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		}
		assertThat(api.get("clara", "/api/tasks").status()).isEqualTo(200);
		assertThat(api.get(null, "/actuator/health/readiness").text("status")).isEqualTo("UP");
	}

}
