package io.steadyflow.examples.ordersync;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steadyflow.examples.ExampleWorkflow;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Checks the order fetched from the source system and turns it into the target system's
 * form. The target order is always written (computed from the order lines, which are the
 * facts); when the source's own figures disagree with the lines or data are missing, the
 * problems are written too and the BPMN error {@code ORDER_MISMATCH} sends the order to a
 * person instead of posting it.
 */
@ExampleWorkflow
@Component("transformOrder")
class TransformOrder implements JavaDelegate {

	private final ObjectMapper objectMapper;

	TransformOrder(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object fetched = execution.getVariable(OrderSyncVariables.SOURCE_ORDER);
		JsonNode source = (fetched != null) ? this.objectMapper.valueToTree(fetched) : this.objectMapper.missingNode();
		List<String> problems = new ArrayList<>();
		ObjectNode target = transform(source, problems);
		execution.setVariable(OrderSyncVariables.TARGET_ORDER, target);
		if (problems.isEmpty()) {
			execution.removeVariable(OrderSyncVariables.ORDER_PROBLEMS);
			return;
		}
		String summary = String.join("; ", problems);
		execution.setVariable(OrderSyncVariables.ORDER_PROBLEMS, summary);
		throw new BpmnError(OrderSyncVariables.ORDER_MISMATCH, summary);
	}

	ObjectNode transform(JsonNode source, List<String> problems) {
		ObjectNode target = this.objectMapper.createObjectNode();
		String id = text(source, "id");
		if (id == null) {
			problems.add("the order has no id");
		}
		target.put("externalReference", id);
		String customer = text(source.path("customer"), "name");
		if (customer == null) {
			problems.add("the customer has no name");
		}
		target.put("customerName", customer);
		String currency = text(source, "currency");
		if (currency == null || !currency.matches("[A-Z]{3}")) {
			problems.add("the currency '" + currency + "' is not an ISO code");
		}
		target.put("currency", currency);
		ArrayNode items = target.putArray("items");
		BigDecimal sum = BigDecimal.ZERO;
		JsonNode lines = source.path("lines");
		if (!lines.isArray() || lines.isEmpty()) {
			problems.add("the order has no lines");
		}
		int number = 0;
		for (JsonNode line : lines) {
			number++;
			String sku = text(line, "sku");
			BigDecimal quantity = decimal(line, "quantity");
			BigDecimal unitPrice = decimal(line, "unitPrice");
			if (sku == null || quantity == null || unitPrice == null || quantity.signum() <= 0
					|| unitPrice.signum() < 0) {
				problems.add("line " + number + " needs a sku, a positive quantity and a unit price");
				continue;
			}
			BigDecimal amount = quantity.multiply(unitPrice);
			sum = sum.add(amount);
			ObjectNode item = items.addObject();
			item.put("article", sku);
			item.put("quantity", quantity);
			item.put("price", unitPrice);
			item.put("amount", amount);
		}
		target.put("totalAmount", sum);
		BigDecimal total = decimal(source, "total");
		if (total == null) {
			problems.add("the order has no total");
		}
		else if (total.compareTo(sum) != 0) {
			problems.add("the order total " + total.toPlainString() + " does not match the sum of its lines "
					+ sum.toPlainString());
		}
		return target;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isValueNode() && !value.isNull() && !value.asText().isBlank()) ? value.asText() : null;
	}

	private static BigDecimal decimal(JsonNode node, String field) {
		String text = text(node, field);
		if (text == null) {
			return null;
		}
		try {
			return new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
