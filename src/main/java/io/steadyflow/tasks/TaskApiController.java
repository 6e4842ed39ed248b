package io.steadyflow.tasks;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.JsonVariables;
import io.steadyflow.system.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/tasks")
@Tag(name = "Tasks", description = "The caller's tasks: assigned to them or offered to their groups")
class TaskApiController {

	private final TaskWork work;

	private final CurrentCaller caller;

	TaskApiController(TaskWork work, CurrentCaller caller) {
		this.work = work;
		this.caller = caller;
	}

	@Operation(summary = "Tasks assigned to me and unclaimed tasks offered to me or my groups")
	@GetMapping
	List<TaskView> list(@RequestParam(required = false) String processKey,
			@RequestParam(required = false) String processInstanceId, @RequestParam(defaultValue = "due") String sort,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (page < 0 || size < 1 || size > 500) {
			throw ProblemException.badRequest("page must be >= 0 and size between 1 and 500.");
		}
		TaskWork.Sort order;
		try {
			order = TaskWork.Sort.valueOf(sort.toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.badRequest("sort must be one of due, priority, created.");
		}
		return this.work.list(this.caller.get(), new TaskWork.Filter(processKey, processInstanceId, TaskWork.Scope.ALL),
				order, page, size);
	}

	@Operation(summary = "One of my tasks")
	@GetMapping("/{id}")
	TaskView get(@PathVariable String id) {
		return this.work.get(id, this.caller.get());
	}

	@Operation(summary = "Claim a task offered to me")
	@PostMapping("/{id}/claim")
	TaskView claim(@PathVariable String id) {
		return this.work.claim(id, this.caller.get());
	}

	@Operation(summary = "Release a task I hold back to its candidates")
	@PostMapping("/{id}/unclaim")
	ResponseEntity<Void> unclaim(@PathVariable String id) {
		this.work.unclaim(id, this.caller.get());
		return ResponseEntity.noContent().build();
	}

	/**
	 * @param variables values set on the process when the task completes
	 */
	record CompleteRequest(Map<String, JsonNode> variables) {
	}

	@Operation(summary = "Complete a task with variables",
			description = "409 when the task was completed meanwhile (the message says by whom), 403 when it is "
					+ "not mine or offered to me, 404 when it never existed.")
	@PostMapping("/{id}/complete")
	ResponseEntity<Void> complete(@PathVariable String id, @RequestBody(required = false) CompleteRequest request) {
		Map<String, Object> variables = JsonVariables.toVariables((request != null) ? request.variables() : null);
		this.work.complete(id, variables, this.caller.get());
		return ResponseEntity.noContent().build();
	}

}
