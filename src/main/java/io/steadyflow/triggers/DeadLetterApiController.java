package io.steadyflow.triggers;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/queues/dead-letters}: the broker messages set aside as unusable, newest
 * first, for operators.
 */
@RestController
class DeadLetterApiController {

	private final DeadLetters deadLetters;

	DeadLetterApiController(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping("/api/queues/dead-letters")
	@PreAuthorize("hasAnyRole('operator', 'admin')")
	List<DeadLetters.DeadLetter> deadLetters(@RequestParam(defaultValue = "50") int limit) {
		return this.deadLetters.latest(Math.min(limit, 500));
	}

}
