package io.steadyflow.readiness;

import java.util.List;

import io.steadyflow.bpmn.BpmnInputLimits;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * A dry run of the deploy gate: lint uploaded BPMN files without deploying anything. The
 * answer is 200 with one report per file whatever the findings; a file that cannot be
 * read is reported as a {@code parse} finding.
 */
@RestController
class ReadinessApiController {

	private final LintUploads uploads;

	ReadinessApiController(ReadinessLinter linter, BpmnInputLimits limits) {
		this.uploads = new LintUploads(linter, limits);
	}

	@PostMapping(path = "/api/lint", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	List<FileReport> lint(@RequestParam("file") List<MultipartFile> files) {
		return this.uploads.lint(files);
	}

}
