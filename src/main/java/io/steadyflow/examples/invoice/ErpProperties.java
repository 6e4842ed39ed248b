package io.steadyflow.examples.invoice;

import java.net.URI;
import java.time.Duration;

import io.steadyflow.examples.ExampleWorkflow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ERP that approved invoices are posted to.
 *
 * @param baseUrl base URL; invoices are POSTed to {@code <baseUrl>/invoices}
 * @param timeout how long one call may take (connect and answer) before it counts as a
 * technical failure and is retried
 * @param token bearer token sent to the ERP, from the environment (STEADYFLOW_ERP_TOKEN);
 * none when empty
 */
@ExampleWorkflow
@ConfigurationProperties("steadyflow.erp")
public record ErpProperties(@DefaultValue("http://localhost:8080/demo/erp") URI baseUrl,
		@DefaultValue("10s") Duration timeout, String token) {
}
