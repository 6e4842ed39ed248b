package io.steadyflow.examples.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import io.steadyflow.examples.ExampleWorkflow;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Checks and normalizes the invoice data: vendor and number present, a positive amount,
 * an ISO 4217 currency and an ISO date. Normalized values replace the raw ones (amount as
 * BigDecimal, currency upper case, due date as a date). Missing or inconsistent data
 * raise the BPMN error {@code INVOICE_INVALID}, with the problems listed in
 * {@code invoiceProblems}, so that the diagram sends the invoice to a person instead of
 * failing.
 */
@ExampleWorkflow
@Component("validateInvoice")
class ValidateInvoice implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		List<String> problems = new ArrayList<>();
		requireText(execution, InvoiceVariables.VENDOR, "vendor", problems);
		requireText(execution, InvoiceVariables.INVOICE_NUMBER, "invoice number", problems);

		BigDecimal amount = amount(execution.getVariable(InvoiceVariables.AMOUNT), problems);
		if (amount != null) {
			execution.setVariable(InvoiceVariables.AMOUNT, amount);
		}
		Object currency = execution.getVariable(InvoiceVariables.CURRENCY);
		if (currency == null || currency.toString().isBlank()) {
			problems.add("currency is missing");
		}
		else {
			String code = currency.toString().strip().toUpperCase(Locale.ROOT);
			try {
				Currency.getInstance(code);
				execution.setVariable(InvoiceVariables.CURRENCY, code);
			}
			catch (IllegalArgumentException ex) {
				problems.add("currency '" + currency + "' is not an ISO 4217 code such as EUR or USD");
			}
		}
		Object dueDate = execution.getVariable(InvoiceVariables.DUE_DATE);
		if (dueDate == null || dueDate.toString().isBlank()) {
			problems.add("due date is missing");
		}
		else if (!(dueDate instanceof LocalDate)) {
			try {
				execution.setVariable(InvoiceVariables.DUE_DATE, LocalDate.parse(dueDate.toString().strip()));
			}
			catch (DateTimeParseException ex) {
				problems.add("due date '" + dueDate + "' is not a date like 2026-12-31");
			}
		}

		if (!problems.isEmpty()) {
			// The variable survives the error: the BPMN error is a path, not a rollback.
			execution.setVariable(InvoiceVariables.PROBLEMS, String.join("; ", problems));
			throw new BpmnError(InvoiceVariables.INVOICE_INVALID, "Invoice data are incomplete: " + problems);
		}
		execution.removeVariable(InvoiceVariables.PROBLEMS);
	}

	private static void requireText(DelegateExecution execution, String variable, String label, List<String> problems) {
		Object value = execution.getVariable(variable);
		if (value == null || value.toString().isBlank()) {
			problems.add(label + " is missing");
		}
	}

	private static BigDecimal amount(Object value, List<String> problems) {
		if (value == null || value.toString().isBlank()) {
			problems.add("amount is missing");
			return null;
		}
		BigDecimal amount;
		try {
			amount = (value instanceof BigDecimal decimal) ? decimal : new BigDecimal(value.toString().strip());
		}
		catch (NumberFormatException ex) {
			problems.add("amount '" + value + "' is not a number");
			return null;
		}
		if (amount.signum() <= 0) {
			problems.add("amount must be greater than zero");
			return null;
		}
		if (amount.scale() > 2) {
			problems.add("amount " + amount.toPlainString() + " has more than two decimals");
			return null;
		}
		return amount;
	}

}
