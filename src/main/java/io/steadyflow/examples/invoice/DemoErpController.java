package io.steadyflow.examples.invoice;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.steadyflow.examples.ExampleWorkflow;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in ERP for the demo profile, so that the example invoice workflow runs end to
 * end on a laptop. It honours the idempotency key like a real ERP should: the same key
 * gets the same document. Production points {@code steadyflow.erp.base-url} at the real
 * system.
 */
@ExampleWorkflow
@RestController
@Profile("demo")
class DemoErpController {

	private final Map<String, String> documents = new ConcurrentHashMap<>();

	@PostMapping("/demo/erp/invoices")
	ResponseEntity<Map<String, String>> post(@RequestHeader(name = "Idempotency-Key", required = false) String key,
			@RequestBody Map<String, Object> invoice) {
		if (invoice.get("invoiceNumber") == null || invoice.get("amount") == null) {
			return ResponseEntity.unprocessableEntity().body(Map.of("error", "invoiceNumber and amount are required"));
		}
		String documentId = this.documents.computeIfAbsent((key != null) ? key : UUID.randomUUID().toString(),
				(k) -> "ERP-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT));
		return ResponseEntity.ok(Map.of("documentId", documentId));
	}

}
