package io.steadyflow.docs;

import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.WebPage;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The documentation page of a process version, {@code /processes/{key}/docs} (and
 * {@code ?version=N}, a stable address other pages link to): the generated text beside
 * the deployed diagram, each step numbered as in the text.
 */
@Controller
@WebPage
class ProcessDocsPageController {

	private final ProcessDocs docs;

	private final CurrentCaller caller;

	ProcessDocsPageController(ProcessDocs docs, CurrentCaller caller) {
		this.docs = docs;
		this.caller = caller;
	}

	@GetMapping("/processes/{key}/docs")
	String page(@PathVariable String key, @RequestParam(required = false) String version, Model model) {
		ProcessDocument document = this.docs.document(key, version, this.caller.get());
		model.addAttribute("doc", document);
		model.addAttribute("versions", this.docs.versions(key));
		model.addAttribute("latest", version == null || version.isBlank());
		return "docs/process-docs";
	}

	@GetMapping("/processes/{key}/docs/diagram.bpmn")
	ResponseEntity<byte[]> diagram(@PathVariable String key, @RequestParam(required = false) String version) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_XML)
			.cacheControl(CacheControl.noStore())
			.body(this.docs.diagram(key, version, this.caller.get()));
	}

}
