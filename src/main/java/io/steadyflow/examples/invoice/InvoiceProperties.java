package io.steadyflow.examples.invoice;

import java.math.BigDecimal;

import io.steadyflow.examples.ExampleWorkflow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param autoApproveBelow invoices with a lower amount are approved without a person
 */
@ExampleWorkflow
@ConfigurationProperties("steadyflow.invoice")
record InvoiceProperties(@DefaultValue("1000") BigDecimal autoApproveBelow) {
}
