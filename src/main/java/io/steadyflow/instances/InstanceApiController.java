package io.steadyflow.instances;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.JsonVariables;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Process instances")
class InstanceApiController {

	private final InstanceStarter starter;

	private final InstanceQueries queries;

	private final CurrentCaller caller;

	InstanceApiController(InstanceStarter starter, InstanceQueries queries, CurrentCaller caller) {
		this.starter = starter;
		this.queries = queries;
		this.caller = caller;
	}

	/**
	 * @param businessKey optional; identifies the business case (e.g. the invoice
	 * number): one business key starts at most one instance of a process, ever
	 * @param variables the start variables, as JSON values
	 */
	record StartRequest(@Size(max = 255) String businessKey, Map<String, JsonNode> variables) {
	}

	@Operation(summary = "Start the latest version of a process",
			description = "Idempotent per business key: a second start with the same business key answers 409 with "
					+ "the existing instance's id in 'processInstanceId' and a Location header, and starts nothing.")
	@ApiResponse(responseCode = "201", description = "Started")
	@ApiResponse(responseCode = "404", description = "No process with this key")
	@ApiResponse(responseCode = "409", description = "An instance with this business key exists")
	@PostMapping("/api/process-definitions/{key}/instances")
	ResponseEntity<StartedInstance> start(@PathVariable String key,
			@Valid @RequestBody(required = false) StartRequest request) {
		StartRequest body = (request != null) ? request : new StartRequest(null, Map.of());
		String businessKey = (body.businessKey() != null && !body.businessKey().isBlank()) ? body.businessKey().strip()
				: null;
		try {
			StartedInstance started = this.starter.start(key, businessKey, JsonVariables.toVariables(body.variables()),
					this.caller.get());
			return ResponseEntity.created(URI.create("/api/process-instances/" + started.id())).body(started);
		}
		catch (DuplicateKeyException ex) {
			// Another request reserved the same business key at the same moment and won.
			String existing = this.starter.existingInstance(key, businessKey).orElse("(being started)");
			throw InstanceStarter.duplicate(key, businessKey, existing);
		}
	}

	@Operation(summary = "State, current steps, variables and history of an instance")
	@GetMapping("/api/process-instances/{id}")
	InstanceView instance(@PathVariable String id) {
		return this.queries.find(id, this.caller.get());
	}

}
