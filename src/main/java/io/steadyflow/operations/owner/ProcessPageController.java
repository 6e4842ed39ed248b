package io.steadyflow.operations.owner;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The owner's pages: {@code /processes} (every process the caller may look at) and
 * {@code /processes/{key}} (one process for a period). The figures are the API's
 * ({@link OwnerView}); the page's chart and diagram read them from a JSON block in the
 * page, so that a page view is one round of queries.
 */
@Controller
@WebPage
class ProcessPageController {

	private final OwnerView view;

	private final CurrentCaller caller;

	private final ObjectMapper objectMapper;

	ProcessPageController(OwnerView view, CurrentCaller caller, ObjectMapper objectMapper) {
		this.view = view;
		this.caller = caller;
		this.objectMapper = objectMapper;
	}

	@GetMapping("/processes")
	String overview(Model model) {
		model.addAttribute("processes", this.view.overview(this.caller.get()));
		model.addAttribute("healthRule", Scorecard.HEALTH_RULE);
		model.addAttribute("traitRules", Scorecard.TRAIT_RULES);
		return "processes/list";
	}

	@GetMapping("/processes/{key}")
	String process(@PathVariable String key, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String version, Model model)
			throws JsonProcessingException {
		ProcessStats stats = this.view.stats(key, from, to, version, this.caller.get());
		model.addAttribute("stats", stats);
		model.addAttribute("healthRule", Scorecard.HEALTH_RULE);
		model.addAttribute("traitRules", Scorecard.TRAIT_RULES);
		model.addAttribute("maxDays", Period.MAX_DAYS);
		model.addAttribute("versions",
				java.util.stream.IntStream.rangeClosed(1, stats.latestVersion())
					.boxed()
					.sorted(java.util.Comparator.reverseOrder())
					.toList());
		// "</" would end the script element early; "<\/" means the same in JSON
		model.addAttribute("figuresJson",
				this.objectMapper.writeValueAsString(Map.of("perDay", stats.perDay(), "activities", stats.activities()))
					.replace("</", "<\\/"));
		return "processes/process";
	}

	@GetMapping("/processes/{key}/diagram.bpmn")
	ResponseEntity<String> diagram(@PathVariable String key, @RequestParam(required = false) String version) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_XML)
			.cacheControl(CacheControl.noStore())
			.body(this.view.diagramXml(key, version, this.caller.get()));
	}

}
