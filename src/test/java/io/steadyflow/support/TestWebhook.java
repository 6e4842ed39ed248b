package io.steadyflow.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.triggers.WebhookSignature;

/**
 * A webhook sender over real HTTP: signs bodies the way senders do. The test
 * configuration ({@link H2Test}, {@link PostgresTest}) gives the webhook
 * {@code test-hook} two secrets, as during a rotation.
 */
public final class TestWebhook {

	/** The secret being rotated out, still accepted. */
	public static final String OLD_SECRET = "test-hook-old-secret";

	/** The current secret. */
	public static final String SECRET = "test-hook-secret";

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public TestWebhook(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	/** An answer: status, repeated header and parsed body. */
	public record Answer(int status, JsonNode body, boolean repeated) {

		public String text(String field) {
			return this.body.path(field).asText();
		}

	}

	/** Sends the body signed now with the current secret. */
	public Answer send(String hook, String body, String deliveryId) {
		return send(hook, body, deliveryId, signature(SECRET, Instant.now(), body));
	}

	/** Sends the body with the given signature header ({@code null}: none). */
	public Answer send(String hook, String body, String deliveryId, String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/hooks/" + hook))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (deliveryId != null) {
			request.header("Steadyflow-Delivery", deliveryId);
		}
		if (signature != null) {
			request.header(WebhookSignature.HEADER, signature);
		}
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode parsed = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
			return new Answer(response.statusCode(), parsed,
					"true".equals(response.headers().firstValue("Steadyflow-Repeated").orElse(null)));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String signature(String secret, Instant at, String body) {
		return WebhookSignature.sign(secret, at.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
	}

}
