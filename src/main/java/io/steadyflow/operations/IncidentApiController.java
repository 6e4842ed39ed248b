package io.steadyflow.operations;

import java.util.List;
import java.util.Map;

import io.steadyflow.security.Roles;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' REST API for failed work (docs/tools.md): incidents, their stack traces,
 * retries, and cancelling an instance with a reason. Operators and admins only.
 */
@RestController
@PreAuthorize("hasAnyRole('" + Roles.OPERATOR + "', '" + Roles.ADMIN + "')")
class IncidentApiController {

	/** Body of a retry. */
	record RetryRequest(Integer retries) {
	}

	/** Body of a cancellation. */
	record CancelRequest(String reason) {
	}

	private final Incidents incidents;

	IncidentApiController(Incidents incidents) {
		this.incidents = incidents;
	}

	@GetMapping("/api/incidents")
	List<IncidentView> list(@RequestParam(required = false) String processDefinitionKey,
			@RequestParam(required = false) String processInstanceId) {
		return this.incidents.list(processDefinitionKey, processInstanceId);
	}

	@GetMapping("/api/incidents/{id}")
	IncidentView get(@PathVariable String id) {
		return this.incidents.get(id);
	}

	/**
	 * Plain text whatever the client accepts, so that a missing incident is still a
	 * problem document rather than a 406.
	 */
	@GetMapping("/api/incidents/{id}/stacktrace")
	ResponseEntity<String> stacktrace(@PathVariable String id) {
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(this.incidents.stacktrace(id));
	}

	@PostMapping("/api/incidents/{id}/retry")
	Map<String, Object> retry(@PathVariable String id, @RequestBody(required = false) RetryRequest request) {
		int retries = (request != null && request.retries() != null) ? request.retries() : 1;
		String jobId = this.incidents.retry(id, retries);
		return Map.of("incident", id, "jobId", jobId, "retries", retries, "state", "retrying");
	}

	@PostMapping("/api/process-instances/{id}/cancel")
	Map<String, Object> cancel(@PathVariable String id, @RequestBody(required = false) CancelRequest request) {
		String reason = (request != null) ? request.reason() : null;
		this.incidents.cancel(id, reason);
		return Map.of("processInstanceId", id, "state", "cancelled", "reason", reason.trim());
	}

}
