package io.steadyflow.examples.invoice;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.examples.ExampleWorkflow;
import io.steadyflow.tools.HttpTransport;
import io.steadyflow.tools.ToolFailure;

import org.springframework.stereotype.Component;

/**
 * Posts invoices to the ERP over HTTP. Answers are sorted into three kinds, because the
 * workflow treats them differently: accepted (2xx), refused by the ERP (4xx: a business
 * problem a person must look at) and technical failure (5xx, timeout, no connection:
 * retried by the engine).
 */
@ExampleWorkflow
@Component
class ErpClient {

	/** The ERP refused the invoice. */
	static final class Refused extends Exception {

		Refused(String message) {
			super(message);
		}

	}

	private final ErpProperties properties;

	private final ObjectMapper objectMapper;

	private final HttpTransport transport;

	ErpClient(ErpProperties properties, ObjectMapper objectMapper, HttpTransport transport) {
		this.properties = properties;
		this.objectMapper = objectMapper;
		this.transport = transport;
	}

	/**
	 * @param idempotencyKey the same for every attempt of the same posting, so that a
	 * retry after a lost answer cannot post twice
	 * @return the ERP's document id, or {@code null} when it returned none
	 */
	String postInvoice(Map<String, Object> invoice, String idempotencyKey) throws Refused {
		URI uri = URI.create(this.properties.baseUrl().toString().replaceAll("/+$", "") + "/invoices");
		String body;
		try {
			body = this.objectMapper.writeValueAsString(invoice);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The invoice cannot be written as JSON", ex);
		}
		HttpRequest.Builder request = HttpTransport.request(uri, this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (this.properties.token() != null && !this.properties.token().isBlank()) {
			request.header("Authorization", "Bearer " + this.properties.token());
		}
		// Timeouts and unreachable ERPs are ToolFailures: technical, retried.
		HttpTransport.Answer answer = this.transport.exchange(request.build(), this.properties.timeout(),
				"ERP POST " + uri);
		if (answer.success()) {
			return documentId(answer.body());
		}
		if (answer.refused()) {
			throw new Refused("ERP refused the invoice with HTTP " + answer.status() + ": " + answer.abbreviatedBody());
		}
		throw new ToolFailure("ERP failed with HTTP " + answer.status() + ": " + answer.abbreviatedBody());
	}

	private String documentId(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode json = this.objectMapper.readTree(body);
			JsonNode id = json.path("documentId");
			return id.isMissingNode() || id.isNull() ? null : id.asText();
		}
		catch (IOException ex) {
			throw new ToolFailure("ERP answered with malformed JSON: " + HttpTransport.abbreviate(body), ex);
		}
	}

}
