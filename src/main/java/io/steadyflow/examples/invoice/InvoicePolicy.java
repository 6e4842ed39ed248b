package io.steadyflow.examples.invoice;

import java.math.BigDecimal;

import io.steadyflow.examples.ExampleWorkflow;

import org.springframework.stereotype.Component;

/**
 * The invoice workflow's configurable policy, read by its BPMN as {@code invoicePolicy}:
 * the diagram decides, configuration sets the number.
 */
@ExampleWorkflow
@Component("invoicePolicy")
public class InvoicePolicy {

	private final InvoiceProperties properties;

	InvoicePolicy(InvoiceProperties properties) {
		this.properties = properties;
	}

	/** Invoices with a lower amount are approved without a person. */
	public BigDecimal getAutoApproveBelow() {
		return this.properties.autoApproveBelow();
	}

}
