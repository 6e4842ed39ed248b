package io.steadyflow.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

/**
 * Posts invoices to the ERP over HTTP. Answers are sorted into three kinds, because the
 * workflow treats them differently: accepted (2xx), refused by the ERP (4xx: a business
 * problem a person must look at) and technical failure (5xx, timeout, no connection:
 * retried by the engine).
 */
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

	private final HttpClient http;

	ErpClient(ErpProperties properties, ObjectMapper objectMapper) {
		this.properties = properties;
		this.objectMapper = objectMapper;
		this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
	}

	/**
	 * @param idempotencyKey the same for every attempt of the same posting, so that a
	 * retry after a lost answer cannot post twice
	 * @return the ERP's document id, or {@code null} when it returned none
	 */
	String postInvoice(Map<String, Object> invoice, String idempotencyKey) throws Refused {
		URI uri = URI.create(this.properties.baseUrl().toString().replaceAll("/+$", "") + "/invoices");
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Idempotency-Key", idempotencyKey);
		if (this.properties.token() != null && !this.properties.token().isBlank()) {
			request.header("Authorization", "Bearer " + this.properties.token());
		}
		HttpResponse<String> response;
		try {
			String body = this.objectMapper.writeValueAsString(invoice);
			response = this.http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpTimeoutException ex) {
			throw new IllegalStateException("ERP did not answer within " + this.properties.timeout() + " (" + uri + ")",
					ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("ERP unreachable at " + uri + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while posting to the ERP", ex);
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return documentId(response.body());
		}
		if (status >= 400 && status < 500 && status != 408 && status != 429) {
			throw new Refused("ERP refused the invoice with HTTP " + status + ": " + abbreviate(response.body()));
		}
		throw new IllegalStateException("ERP failed with HTTP " + status + ": " + abbreviate(response.body()));
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
			throw new IllegalStateException("ERP answered with malformed JSON: " + abbreviate(body), ex);
		}
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
