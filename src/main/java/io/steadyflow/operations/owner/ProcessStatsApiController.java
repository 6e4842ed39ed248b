package io.steadyflow.operations.owner;

import io.steadyflow.security.CurrentCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The owner's figures of a process as JSON, the same as {@code /processes/{key}} shows.
 * The parameters are taken as text so that a bad value is a 400 naming the parameter
 * (from {@link Period}), not a conversion error.
 */
@RestController
@Tag(name = "Process operations", description = "The owner's figures of a deployed process")
class ProcessStatsApiController {

	private final OwnerView view;

	private final CurrentCaller caller;

	ProcessStatsApiController(OwnerView view, CurrentCaller caller) {
		this.view = view;
		this.caller = caller;
	}

	@GetMapping("/api/processes/{key}/stats")
	@Operation(summary = "Figures of a process for a period: instances, outcomes, durations against the SLA, "
			+ "where work waits, user-task waits, tool and AI steps, SLA breaches, incidents, health and scorecard",
			description = "For members of the process's owner group (sf:owner), operators and admins.")
	@ApiResponse(responseCode = "200", description = "The figures")
	@ApiResponse(responseCode = "400",
			description = "A bad from, to or version (the problem's 'parameter' names it); periods are at most "
					+ Period.MAX_DAYS + " days")
	@ApiResponse(responseCode = "403", description = "Not of the owner group, not an operator or admin")
	@ApiResponse(responseCode = "404", description = "No process with this key is deployed")
	ProcessStats stats(@PathVariable String key,
			@Parameter(description = "First day, yyyy-MM-dd; default 30 days before to") @RequestParam(
					required = false) String from,
			@Parameter(description = "Last day (included), yyyy-MM-dd; default today") @RequestParam(
					required = false) String to,
			@Parameter(description = "A version number; default all versions") @RequestParam(
					required = false) String version) {
		return this.view.stats(key, from, to, version, this.caller.get());
	}

}
