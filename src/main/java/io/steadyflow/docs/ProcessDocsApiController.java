package io.steadyflow.docs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.ProblemException;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/processes/{key}/docs}: a deployed version's documentation as JSON (the
 * document model, for tools) or as Markdown ({@code Accept: text/markdown}).
 */
@RestController
class ProcessDocsApiController {

	static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

	private final ProcessDocs docs;

	private final CurrentCaller caller;

	ProcessDocsApiController(ProcessDocs docs, CurrentCaller caller) {
		this.docs = docs;
		this.caller = caller;
	}

	@Operation(summary = "The documentation of a process version, generated from its deployed diagram",
			description = "JSON by default; Markdown with Accept: text/markdown. version: a version number, "
					+ "the latest when left out. 404 unknown process or version, 403 for callers who are not "
					+ "of the owner group, authors, operators or admins.")
	@GetMapping("/api/processes/{key}/docs")
	ResponseEntity<?> docs(@PathVariable String key, @RequestParam(required = false) String version,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		boolean markdown = wantsMarkdown(accept);
		ProcessDocument document = this.docs.document(key, version, this.caller.get());
		if (markdown) {
			return ResponseEntity.ok().contentType(MARKDOWN).body(MarkdownDocs.render(document));
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
	}

	/**
	 * Markdown when the caller asks for it (or for any text) before JSON; JSON when it
	 * asks for JSON or anything; 406 otherwise, before any work is done.
	 */
	static boolean wantsMarkdown(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			throw ProblemException.badRequest("Accept '" + accept + "' is not a list of media types");
		}
		types = types.stream()
			.sorted((a, b) -> Double.compare(b.getQualityValue(), a.getQualityValue()))
			.filter((type) -> type.getQualityValue() > 0)
			.toList();
		for (MediaType type : types) {
			if (type.isCompatibleWith(MARKDOWN) && !type.isWildcardType()) {
				return true;
			}
			if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				return false;
			}
		}
		throw new ProblemException(HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
				"The documentation is served as application/json or text/markdown, not as " + accept + ".");
	}

}
