package io.steadyflow.examples.invoice;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@H2Test
class InvoiceApprovalH2Test extends InvoiceApprovalScenarios {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

}
