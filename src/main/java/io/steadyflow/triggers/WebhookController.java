package io.steadyflow.triggers;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.system.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hooks/{name}}: a signed delivery from another system starts or resumes the
 * process that declares the webhook ({@code sf:webhook}). No user signs in: the signature
 * over the raw body authenticates the sender ({@link WebhookSignature}). The body is read
 * at most up to its limit, checked, parsed and mapped before anything runs; a repeated
 * delivery id answers what the first delivery did.
 */
@RestController
class WebhookController {

	static final String DELIVERY_HEADER = "Steadyflow-Delivery";

	static final String REPEATED_HEADER = "Steadyflow-Repeated";

	private static final Logger logger = LoggerFactory.getLogger(WebhookController.class);

	private final DeployedTriggers triggers;

	private final WebhookSecrets secrets;

	private final TriggerProperties properties;

	private final Deliveries deliveries;

	private final ObjectMapper json;

	WebhookController(DeployedTriggers triggers, WebhookSecrets secrets, TriggerProperties properties,
			Deliveries deliveries, ObjectMapper json) {
		this.triggers = triggers;
		this.secrets = secrets;
		this.properties = properties;
		this.deliveries = deliveries;
		this.json = json;
	}

	/**
	 * The answer to a delivery.
	 *
	 * @param processInstanceId the instance started or resumed
	 * @param outcome {@code started}, {@code delivered} or {@code buffered}
	 * @param deliveryId the delivery id the repeat guard used
	 */
	record WebhookAnswer(String processInstanceId, String outcome, String deliveryId) {
	}

	@PostMapping("/hooks/{name}")
	ResponseEntity<WebhookAnswer> receive(@PathVariable String name, HttpServletRequest request) throws IOException {
		List<DeclaredTrigger> declared = this.triggers.webhook(name);
		List<String> keys = this.secrets.secrets(name);
		if (declared.isEmpty() || keys.isEmpty()) {
			throw ProblemException.notFound("No webhook '" + name + "' is declared by a deployed process"
					+ (declared.isEmpty() ? "." : " with a configured secret."));
		}
		byte[] body = readLimited(request);
		String signature;
		try {
			signature = WebhookSignature.verify(request.getHeader(WebhookSignature.HEADER), body, keys, Instant.now(),
					this.properties.webhookTolerance());
		}
		catch (WebhookSignature.Refused ex) {
			logger.info("Webhook '{}' refused from {}: {}", name, request.getRemoteAddr(), ex.getMessage());
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "Unauthorized", ex.getMessage());
		}
		JsonNode payload;
		try {
			payload = this.json.readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw ProblemException.badRequest("The body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (payload == null || payload.isMissingNode()) {
			throw ProblemException.badRequest("The body is empty; the webhook expects a JSON document.");
		}
		DeclaredTrigger trigger = declared.get(0);
		Map<String, Object> variables;
		String businessKey = null;
		try {
			variables = (trigger.mapping() != null) ? trigger.mapping().read(payload) : Map.of();
			if (trigger.businessKeyPath() != null) {
				JsonNode key = payload.at(PayloadMapping.pointer(trigger.businessKeyPath()));
				if (key.isMissingNode() || key.isNull() || key.asText().isBlank()) {
					throw ProblemException.badRequest(
							"The payload has no business key at " + trigger.businessKeyPath() + " (sf:businessKey).");
				}
				businessKey = key.asText();
			}
		}
		catch (PayloadMapping.MissingValue ex) {
			throw ProblemException.badRequest(ex.getMessage()).with("path", ex.path()).with("variable", ex.variable());
		}
		String deliveryId = request.getHeader(DELIVERY_HEADER);
		if (deliveryId == null || deliveryId.isBlank()) {
			// Without a delivery id the business key identifies the delivery; without
			// either, the signature does: a replay of the same signed request within
			// the tolerance starts nothing.
			deliveryId = (businessKey != null) ? businessKey : "v1:" + signature;
		}
		else if (deliveryId.length() > 255) {
			throw ProblemException.badRequest("The " + DELIVERY_HEADER + " header is longer than 255 characters.");
		}
		Deliveries.Delivered delivered = this.deliveries.deliver(trigger, deliveryId.strip(), variables, businessKey);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.header(REPEATED_HEADER, Boolean.toString(delivered.repeated()))
			.body(new WebhookAnswer(delivered.processInstanceId(), delivered.outcome(), delivered.deliveryId()));
	}

	/**
	 * The raw body, refused with 413 as soon as it is longer than the limit, whatever its
	 * Content-Length claims.
	 */
	private byte[] readLimited(HttpServletRequest request) throws IOException {
		long limit = this.properties.webhookMaxBody().toBytes();
		if (request.getContentLengthLong() > limit) {
			throw tooLarge(limit);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) limit + 1);
			if (body.length > limit) {
				throw tooLarge(limit);
			}
			return body;
		}
	}

	private static ProblemException tooLarge(long limit) {
		return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large",
				"The body is larger than the webhook limit of " + limit
						+ " bytes (steadyflow.triggers.webhook-max-body).");
	}

}
