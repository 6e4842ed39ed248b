package io.steadyflow.ai.learning;

import java.net.URI;
import java.util.List;

import io.steadyflow.ai.learning.LabelsVersions.LabelsVersion;
import io.steadyflow.security.CurrentCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The review of candidate examples and the labels versions made from them, as JSON: the
 * same as {@code /processes/{key}/learning}. Authors and admins act; the process's owner
 * group may read.
 */
@RestController
@RequestMapping("/api/processes/{key}")
@Tag(name = "AI learning", description = "Candidate examples from people's corrections, and new labels versions")
class LearningApiController {

	private final Learning learning;

	private final CurrentCaller caller;

	LearningApiController(Learning learning, CurrentCaller caller) {
		this.learning = learning;
		this.caller = caller;
	}

	@GetMapping("/candidates")
	@Operation(summary = "Candidate examples of a process in one state (default pending), newest first",
			description = "For authors, admins and the process's owner group.")
	@ApiResponse(responseCode = "400", description = "An unknown status")
	@ApiResponse(responseCode = "403", description = "Not an author, admin or of the owner group")
	@ApiResponse(responseCode = "404", description = "No process with this key is deployed")
	List<Candidate> candidates(@PathVariable String key, @RequestParam(required = false) String status) {
		return this.learning.candidates(key, status, this.caller.get());
	}

	@PostMapping("/candidates/{id}/accept")
	@Operation(summary = "Accept a candidate with the label the person gave it")
	@ApiResponse(responseCode = "400", description = "The candidate has no label (it was only sent back)")
	@ApiResponse(responseCode = "404", description = "No such candidate")
	@ApiResponse(responseCode = "409", description = "Already in a published labels version")
	Candidate accept(@PathVariable String key, @PathVariable String id) {
		return this.learning.accept(key, id, this.caller.get());
	}

	@PostMapping("/candidates/{id}/relabel")
	@Operation(summary = "Accept a candidate with another label", description = "Body {\"label\": \"...\"}.")
	@ApiResponse(responseCode = "400", description = "No label, or one the labels file does not have (named)")
	@ApiResponse(responseCode = "404", description = "No such candidate")
	Candidate relabel(@PathVariable String key, @PathVariable String id,
			@RequestBody(required = false) LabelRequest body) {
		return this.learning.relabel(key, id, (body != null) ? body.label() : null, this.caller.get());
	}

	@PostMapping("/candidates/{id}/discard")
	@Operation(summary = "Discard a candidate")
	@ApiResponse(responseCode = "404", description = "No such candidate")
	Candidate discard(@PathVariable String key, @PathVariable String id) {
		return this.learning.discard(key, id, this.caller.get());
	}

	@GetMapping("/labels-versions")
	@Operation(summary = "The process's review state: classify steps and labels, open candidates, labels versions")
	Learning.Review review(@PathVariable String key) {
		return this.learning.review(key, this.caller.get());
	}

	@PostMapping("/labels-versions/preview")
	@Operation(summary = "The deploy gate's figures for the labels version the accepted candidates would make",
			description = "Body {\"labelsFile\": \"...\"}, needed only when the process has several. Deploys nothing.")
	@ApiResponse(responseCode = "409", description = "No accepted candidate waits")
	Preview preview(@PathVariable String key, @RequestBody(required = false) PublishRequest body) {
		Learning.Proposal proposal = this.learning.preview(key, (body != null) ? body.labelsFile() : null,
				this.caller.get());
		return new Preview(proposal.labelsFile(), proposal.accepted().size(), proposal.added().size(),
				proposal.comparison());
	}

	@PostMapping("/labels-versions")
	@Operation(summary = "Make the next labels version from the accepted candidates and deploy it through the gate",
			description = "Body {\"labelsFile\": \"...\", \"reason\": \"...\"}. The answer has the figures before and "
					+ "after. A version worse than the running one needs a reason.")
	@ApiResponse(responseCode = "201", description = "Deployed as a new process version")
	@ApiResponse(responseCode = "409",
			description = "Worse than the running version and no reason given (the problem's 'figures' say why), "
					+ "or no accepted candidate waits")
	@ApiResponse(responseCode = "422", description = "The deploy gate's readiness rules refuse the result")
	ResponseEntity<LabelsVersion> publish(@PathVariable String key,
			@RequestBody(required = false) PublishRequest body) {
		LabelsVersion version = this.learning.publish(key, (body != null) ? body.labelsFile() : null,
				(body != null) ? body.reason() : null, this.caller.get());
		return ResponseEntity.created(URI.create("/api/processes/" + key + "/labels-versions")).body(version);
	}

	record LabelRequest(String label) {
	}

	record PublishRequest(String labelsFile, String reason) {
	}

	/**
	 * @param labelsFile the labels file
	 * @param accepted accepted candidates waiting
	 * @param added of them, those that add an example
	 * @param figures the gate's figures before and after
	 */
	record Preview(String labelsFile, int accepted, int added, Comparison figures) {
	}

}
