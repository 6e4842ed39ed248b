package io.steadyflow.examples.ordersync;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.steadyflow.examples.ExampleWorkflow;
import io.steadyflow.tools.HttpToolProperties;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two stand-in systems for the order-sync example in the demo profile: system A (the
 * order source, {@code /demo/orders/a}) and system B (the target,
 * {@code /demo/orders/b}). A knows orders A-1001 (consistent), A-1002 (its total does not
 * match its lines) and A-1003 (a line without a price); any other id is 404. B requires
 * the demo bearer token, refuses orders without items (422) and honours the idempotency
 * key: the same key gets the same order id. Production points
 * {@code steadyflow.tools.http.systems.order-source/-target} at the real systems.
 */
@ExampleWorkflow
@RestController
@Profile("demo")
class DemoOrderSystemsController {

	private static final Map<String, Map<String, Object>> SOURCE_ORDERS = Map.of("A-1001",
			order("A-1001", "Nordwind GmbH", "30.00", List.of(line("SKU-1", 2, "10.00"), line("SKU-2", 1, "10.00"))),
			"A-1002", order("A-1002", "Kontor AG", "99.00", List.of(line("SKU-3", 3, "11.00"))), "A-1003",
			order("A-1003", "Werft KG", "15.00", List.of(Map.of("sku", "SKU-4", "quantity", 1))));

	private final Map<String, String> posted = new ConcurrentHashMap<>();

	private final HttpToolProperties properties;

	DemoOrderSystemsController(HttpToolProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/demo/orders/a/orders/{id}")
	ResponseEntity<Map<String, Object>> sourceOrder(@PathVariable String id) {
		Map<String, Object> order = SOURCE_ORDERS.get(id);
		if (order == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no order " + id));
		}
		return ResponseEntity.ok(order);
	}

	@PostMapping("/demo/orders/b/orders")
	ResponseEntity<Map<String, Object>> postOrder(@RequestHeader(name = "Idempotency-Key", required = false) String key,
			@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestBody Map<String, Object> order) {
		String token = this.properties.secrets().get("order-target");
		if (token == null || !("Bearer " + token).equals(authorization)) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "bearer token required"));
		}
		if (!(order.get("items") instanceof List<?> items) || items.isEmpty()) {
			return ResponseEntity.unprocessableEntity().body(Map.of("error", "an order needs items"));
		}
		String id = this.posted.computeIfAbsent((key != null) ? key : UUID.randomUUID().toString(),
				(k) -> "B-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id, "status", "accepted"));
	}

	private static Map<String, Object> order(String id, String customer, String total,
			List<Map<String, Object>> lines) {
		return Map.of("id", id, "customer", Map.of("name", customer), "currency", "EUR", "total", new BigDecimal(total),
				"lines", lines);
	}

	private static Map<String, Object> line(String sku, int quantity, String unitPrice) {
		return Map.of("sku", sku, "quantity", quantity, "unitPrice", new BigDecimal(unitPrice));
	}

}
