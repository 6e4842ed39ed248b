package io.steadyflow.tools;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param autoApproveBelow invoices with a lower amount are approved without a person
 */
@ConfigurationProperties("steadyflow.invoice")
record InvoiceProperties(@DefaultValue("1000") BigDecimal autoApproveBelow) {
}
