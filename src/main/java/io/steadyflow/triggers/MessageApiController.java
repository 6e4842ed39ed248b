package io.steadyflow.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.security.Caller;
import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.JsonVariables;
import io.steadyflow.system.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/messages}: a message for the instance waiting for it under its
 * correlation key, or for a process that starts on it. Who may send a message is declared
 * on its events ({@code sf:senders}: groups or roles); admins always may.
 */
@RestController
class MessageApiController {

	private final MessageCorrelation correlation;

	private final DeployedTriggers triggers;

	private final CurrentCaller currentCaller;

	MessageApiController(MessageCorrelation correlation, DeployedTriggers triggers, CurrentCaller currentCaller) {
		this.correlation = correlation;
		this.triggers = triggers;
		this.currentCaller = currentCaller;
	}

	/**
	 * A message.
	 *
	 * @param name the BPMN message name
	 * @param correlationKey the key the waiting event declares
	 * ({@code sf:correlationKey})
	 * @param variables variables delivered with it
	 * @param ttl how long to keep it when no instance waits yet (ISO-8601, e.g.
	 * {@code PT10M}); without it, the declared {@code sf:messageTtl}
	 */
	record MessageRequest(@NotBlank @Size(max = 255) String name, @Size(max = 255) String correlationKey,
			Map<String, JsonNode> variables, Duration ttl) {
	}

	/**
	 * What became of it.
	 *
	 * @param outcome {@code delivered}, {@code started} or {@code buffered}
	 * @param processInstanceId the instance, unless buffered
	 * @param messageId the kept message, when buffered
	 * @param expiresAt until when it is kept, when buffered
	 */
	record MessageAnswer(String outcome, String processInstanceId, String messageId, Instant expiresAt) {
	}

	@PostMapping("/api/messages")
	ResponseEntity<MessageAnswer> send(@Valid @RequestBody MessageRequest request) {
		List<DeclaredTrigger> declared = this.triggers.message(request.name());
		if (declared.isEmpty()) {
			throw ProblemException
				.notFound("No deployed process waits for or starts on message '" + request.name() + "'.");
		}
		Caller caller = this.currentCaller.get();
		checkMaySend(request.name(), declared, caller);
		if (request.ttl() != null && (request.ttl().isNegative() || request.ttl().toDays() > 30)) {
			throw ProblemException.badRequest("ttl must be a positive ISO-8601 duration of at most 30 days.");
		}
		MessageCorrelation.Outcome outcome = this.correlation.send(request.name(),
				blankToNull(request.correlationKey()), JsonVariables.toVariables(request.variables()), request.ttl(),
				"message:" + request.name(), "sent by " + caller.userId());
		HttpStatus status = outcome.outcome().equals("started") ? HttpStatus.CREATED
				: outcome.outcome().equals("buffered") ? HttpStatus.ACCEPTED : HttpStatus.OK;
		return ResponseEntity.status(status)
			.body(new MessageAnswer(outcome.outcome(), outcome.processInstanceId(), outcome.messageId(),
					outcome.expiresAt()));
	}

	private static void checkMaySend(String name, List<DeclaredTrigger> declared, Caller caller) {
		if (caller.isAdmin()) {
			return;
		}
		TreeSet<String> senders = new TreeSet<>();
		declared.forEach((trigger) -> senders.addAll(trigger.senders()));
		boolean allowed = senders.stream()
			.anyMatch((sender) -> caller.groups().contains(sender) || caller.hasRole(sender));
		if (!allowed) {
			throw ProblemException.forbidden("You may not send message '" + name + "': "
					+ (senders.isEmpty() ? "its events declare no senders (sf:senders), so only admins may."
							: "it is reserved for " + String.join(", ", senders) + "."));
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
