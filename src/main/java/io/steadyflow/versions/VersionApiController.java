package io.steadyflow.versions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The diff between versions of a process and the migrations of its running instances, as
 * JSON. Versions are taken as text so that a bad value is a 400 naming the parameter.
 */
@RestController
@Tag(name = "Process versions", description = "What changed between versions; moving running instances")
class VersionApiController {

	private final ProcessVersions versions;

	private final Migrations migrations;

	private final CurrentCaller caller;

	private final BpmnInputLimits limits;

	VersionApiController(ProcessVersions versions, Migrations migrations, CurrentCaller caller,
			BpmnInputLimits limits) {
		this.versions = versions;
		this.migrations = migrations;
		this.caller = caller;
		this.limits = limits;
	}

	@GetMapping("/api/processes/{key}/diff")
	@Operation(
			summary = "What changed between two deployed versions: steps added, removed and changed "
					+ "(attribute by attribute), flows rerouted, process-level changes",
			description = "For the process's owner group, authors, operators and admins.")
	@ApiResponse(responseCode = "200", description = "The diff")
	@ApiResponse(responseCode = "400", description = "from equals to, or a parameter is not a version number")
	@ApiResponse(responseCode = "403", description = "Not of the owner group, not an author, operator or admin")
	@ApiResponse(responseCode = "404", description = "Unknown process or version")
	ProcessDiff diff(@PathVariable String key,
			@Parameter(description = "The older version; default the one before to") @RequestParam(
					required = false) String from,
			@Parameter(description = "The newer version; default the latest") @RequestParam(
					required = false) String to) {
		return this.versions.diff(key, from, to, this.caller.get());
	}

	@PostMapping(path = "/api/processes/{key}/diff", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "What deploying a file would change: the file (multipart field 'file') against the "
			+ "latest deployed version, or against version 'from'")
	@ApiResponse(responseCode = "200", description = "The diff")
	@ApiResponse(responseCode = "400",
			description = "No file, an invalid or hostile file, or a file whose process id is not the key")
	@ApiResponse(responseCode = "404", description = "Unknown process or version")
	ProcessDiff diffFile(@PathVariable String key, @RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(required = false) String from) throws IOException {
		if (file == null || file.isEmpty()) {
			throw ProblemException.badRequest("Send the BPMN file to compare in the multipart field 'file'.")
				.with("parameter", "file");
		}
		String name = (file.getOriginalFilename() != null) ? file.getOriginalFilename() : "upload.bpmn20.xml";
		long limit = this.limits.maxFileSize().toBytes();
		byte[] content;
		try (InputStream in = file.getInputStream()) {
			content = SafeBpmnReader.readAtMost(in, limit);
		}
		if (content.length > limit) {
			throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, "Too large",
					name + " is larger than the limit of " + limit + " bytes (steadyflow.bpmn.max-file-size).");
		}
		return this.versions.diffFile(key, new BpmnSource(name, content), from, this.caller.get());
	}

	@PostMapping(path = "/api/processes/{key}/migrations", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Move the running instances of version 'from' to version 'to'",
			description = "dryRun true: every instance is validated with Flowable's migration service and the "
					+ "report says how many can move and why the others cannot, per step; nothing changes "
					+ "(owner group, authors, operators, admins). dryRun false: a batch migration starts "
					+ "(authors, operators, admins); GET its progress.")
	@ApiResponse(responseCode = "200", description = "The dry run's report")
	@ApiResponse(responseCode = "202", description = "The migration started; Location is its progress")
	@ApiResponse(responseCode = "400",
			description = "from equals to, or the mapping names a step a version does not have (named)")
	@ApiResponse(responseCode = "403", description = "The caller may not migrate this process")
	@ApiResponse(responseCode = "404", description = "Unknown process or version")
	@ApiResponse(responseCode = "422", description = "The target version fails the readiness gate")
	ResponseEntity<MigrationReport> migrate(@PathVariable String key, @Valid @RequestBody MigrationRequest request) {
		MigrationReport report = this.migrations.request(key, request, this.caller.get());
		if (report.dryRun()) {
			return ResponseEntity.ok(report);
		}
		return ResponseEntity.accepted()
			.location(URI.create("/api/processes/" + key + "/migrations/" + report.id()))
			.body(report);
	}

	@GetMapping("/api/processes/{key}/migrations")
	@Operation(summary = "The migrations of a process, newest first, with their progress")
	List<MigrationReport> migrations(@PathVariable String key) {
		return this.migrations.list(key, this.caller.get());
	}

	@GetMapping("/api/processes/{key}/migrations/{id}")
	@Operation(summary = "One migration's progress: moved, failed (why, per step), waiting")
	@ApiResponse(responseCode = "404", description = "Unknown process or migration")
	MigrationReport migration(@PathVariable String key, @PathVariable String id) {
		return this.migrations.get(key, id, this.caller.get());
	}

}
