package io.steadyflow.examples.invoice;

import java.util.LinkedHashMap;
import java.util.Map;

import io.steadyflow.examples.ExampleWorkflow;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Posts the approved invoice to the ERP. A refusal becomes the BPMN error
 * {@code ERP_REJECTED} (with the reason in {@code erpError}) for the diagram to route to
 * a person; technical failures propagate, so that the engine retries the asynchronous
 * step and finally raises an incident.
 */
@ExampleWorkflow
@Component("postToErp")
class PostToErp implements JavaDelegate {

	private final ErpClient erp;

	PostToErp(ErpClient erp) {
		this.erp = erp;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Map<String, Object> invoice = new LinkedHashMap<>();
		invoice.put("invoiceNumber", execution.getVariable(InvoiceVariables.INVOICE_NUMBER));
		invoice.put("vendor", execution.getVariable(InvoiceVariables.VENDOR));
		Object amount = execution.getVariable(InvoiceVariables.AMOUNT);
		invoice.put("amount", (amount != null) ? amount.toString() : null);
		invoice.put("currency", execution.getVariable(InvoiceVariables.CURRENCY));
		Object dueDate = execution.getVariable(InvoiceVariables.DUE_DATE);
		invoice.put("dueDate", (dueDate != null) ? dueDate.toString() : null);
		invoice.put("businessKey", execution.getProcessInstanceBusinessKey());
		String idempotencyKey = execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId();
		try {
			String documentId = this.erp.postInvoice(invoice, idempotencyKey);
			execution.setVariable(InvoiceVariables.ERP_DOCUMENT_ID, documentId);
			execution.removeVariable(InvoiceVariables.ERP_ERROR);
		}
		catch (ErpClient.Refused ex) {
			execution.setVariable(InvoiceVariables.ERP_ERROR, ex.getMessage());
			throw new BpmnError(InvoiceVariables.ERP_REJECTED, ex.getMessage());
		}
	}

}
