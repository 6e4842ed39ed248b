package io.steadyflow.metrics;

import java.util.List;
import java.util.Map;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.PrometheusScrape;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code steadyflow.metrics.enabled=false} the work runs as before and the scrape
 * has Spring Boot's and the JVM's metrics but none of Steadyflow's.
 */
@H2Test
@AutoConfigureObservability(tracing = false)
class MetricsSwitchedOffTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registry.add("steadyflow.metrics.enabled", () -> "false");
	}

	@Autowired
	TestRestTemplate rest;

	@Test
	void workRunsAndNoSteadyflowMetricIsPublished() {
		Api api = new Api(this.rest);
		Api.Response started = api.post("clara", "/api/process-definitions/invoice-approval/instances",
				Map.of("variables", Map.of("vendor", "ACME Supplies", "invoiceNumber", "INV-OFF-1", "amount", 2500,
						"currency", "EUR", "dueDate", "2026-12-31")));
		assertThat(started.status()).isEqualTo(201);

		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.TEXT_PLAIN));
		String body = this.rest.withBasicAuth("prometheus", "demo")
			.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class)
			.getBody();
		PrometheusScrape scrape = PrometheusScrape.parse(body);
		assertThat(scrape.names()).anyMatch((name) -> name.startsWith("jvm_"));
		assertThat(scrape.names()).noneMatch((name) -> name.startsWith("steadyflow_"));
	}

}
