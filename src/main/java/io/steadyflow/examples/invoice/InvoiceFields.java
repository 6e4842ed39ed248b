package io.steadyflow.examples.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields read from an invoice, by the built-in extractor or by a chat model; any of
 * them may be missing (null). The confidence is computed here from what was found and
 * whether it is consistent, the same way for both sources: a model's own statement of how
 * sure it is is not taken at its word.
 */
record InvoiceFields(String invoiceNumber, String vendor, LocalDate invoiceDate, LocalDate dueDate, BigDecimal net,
		BigDecimal vat, BigDecimal gross, String currency, String vatId, String iban, boolean vendorGuessed,
		boolean dueDateFromTerms) {

	/** The fields the invoice workflow cannot do without, by their variable names. */
	static final List<String> REQUIRED = List.of("invoiceNumber", "vendor", "amount", "currency", "dueDate");

	List<String> missing() {
		List<String> missing = new ArrayList<>();
		if (blank(this.invoiceNumber)) {
			missing.add("invoiceNumber");
		}
		if (blank(this.vendor)) {
			missing.add("vendor");
		}
		if (this.gross == null) {
			missing.add("amount");
		}
		if (blank(this.currency)) {
			missing.add("currency");
		}
		if (this.dueDate == null) {
			missing.add("dueDate");
		}
		return missing;
	}

	/** What does not add up, for the person who reviews the invoice. */
	List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.net != null && this.vat != null && this.gross != null
				&& this.net.add(this.vat).subtract(this.gross).abs().compareTo(new BigDecimal("0.02")) > 0) {
			problems.add("net " + this.net.toPlainString() + " + VAT " + this.vat.toPlainString() + " is not the total "
					+ this.gross.toPlainString());
		}
		if (this.gross != null && this.gross.signum() <= 0) {
			problems.add("the total is not positive");
		}
		if (this.invoiceDate != null && this.dueDate != null && this.dueDate.isBefore(this.invoiceDate)) {
			problems.add("the due date is before the invoice date");
		}
		if (this.vendorGuessed) {
			problems.add("the vendor was guessed from the letterhead");
		}
		if (this.dueDateFromTerms) {
			problems.add("the due date was computed from the payment terms");
		}
		return problems;
	}

	/**
	 * 1.0 when every field the workflow needs was found, stated explicitly and
	 * consistent; less for each one missing, guessed or contradicting another.
	 */
	double confidence() {
		double confidence = 0;
		confidence += blank(this.invoiceNumber) ? 0 : 0.2;
		confidence += blank(this.vendor) ? 0 : (this.vendorGuessed ? 0.05 : 0.2);
		confidence += (this.gross == null) ? 0 : 0.25;
		confidence += blank(this.currency) ? 0 : 0.1;
		confidence += (this.dueDate == null) ? 0 : (this.dueDateFromTerms ? 0.1 : 0.15);
		confidence += (this.invoiceDate == null) ? 0 : 0.05;
		boolean totalsChecked = this.net != null && this.vat != null && this.gross != null;
		List<String> problems = problems();
		boolean inconsistent = problems.stream()
			.anyMatch((problem) -> problem.contains("is not the total") || problem.contains("not positive")
					|| problem.contains("before the invoice date"));
		if (inconsistent) {
			confidence -= 0.3;
		}
		else if (totalsChecked) {
			confidence += 0.05;
		}
		return Math.max(0, Math.min(1, Math.round(confidence * 1000) / 1000.0));
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
