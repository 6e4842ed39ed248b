package io.steadyflow.examples.invoice;

/**
 * Variable names of the invoice workflow, shared by its delegates, forms and tests.
 */
public final class InvoiceVariables {

	public static final String VENDOR = "vendor";

	public static final String INVOICE_NUMBER = "invoiceNumber";

	public static final String AMOUNT = "amount";

	public static final String CURRENCY = "currency";

	public static final String DUE_DATE = "dueDate";

	/** What is wrong with the invoice data, for the person who fixes it. */
	public static final String PROBLEMS = "invoiceProblems";

	/** The ERP's document id after posting. */
	public static final String ERP_DOCUMENT_ID = "erpDocumentId";

	/** Why the ERP refused the invoice. */
	public static final String ERP_ERROR = "erpError";

	/** BPMN error code: the invoice data are missing or inconsistent. */
	public static final String INVOICE_INVALID = "INVOICE_INVALID";

	/** BPMN error code: the ERP refused the invoice (a 4xx answer). */
	public static final String ERP_REJECTED = "ERP_REJECTED";

	private InvoiceVariables() {
	}

}
