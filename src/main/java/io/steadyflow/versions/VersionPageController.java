package io.steadyflow.versions;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.security.Caller;
import io.steadyflow.security.CurrentCaller;
import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import io.steadyflow.system.WebPage;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The diff page {@code /processes/{key}/diff?from=&to=}: both diagrams with the changes
 * coloured, the list of changes, and the migration of running instances from {@code from}
 * to {@code to} (the proposed mapping, a dry run, the execution and its progress).
 */
@Controller
@WebPage
class VersionPageController {

	private static final String MAP_PREFIX = "map.";

	private final ProcessVersions versions;

	private final Migrations migrations;

	private final CurrentCaller caller;

	private final ObjectMapper objectMapper;

	VersionPageController(ProcessVersions versions, Migrations migrations, CurrentCaller caller,
			ObjectMapper objectMapper) {
		this.versions = versions;
		this.migrations = migrations;
		this.caller = caller;
		this.objectMapper = objectMapper;
	}

	@GetMapping("/processes/{key}/diff")
	String diff(@PathVariable String key, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String migration, Model model)
			throws JsonProcessingException {
		Caller current = this.caller.get();
		ProcessDiff diff = show(key, from, to, current, model);
		MigrationReport report = (migration != null && !migration.isBlank())
				? this.migrations.get(key, migration, current)
				: this.migrations.propose(key, diff.from().version(), diff.to().version(), current);
		model.addAttribute("report", report);
		return "versions/diff";
	}

	@PostMapping("/processes/{key}/diff/migrations")
	String migrate(@PathVariable String key, @RequestParam String from, @RequestParam String to,
			@RequestParam(defaultValue = "true") boolean dryRun, @RequestParam Map<String, String> parameters,
			Model model, RedirectAttributes redirect) throws JsonProcessingException {
		Caller current = this.caller.get();
		Map<String, String> mapping = new LinkedHashMap<>();
		parameters.forEach((name, value) -> {
			if (name.startsWith(MAP_PREFIX) && value != null && !value.isBlank()) {
				mapping.put(name.substring(MAP_PREFIX.length()), value);
			}
		});
		MigrationRequest request = new MigrationRequest(ProcessVersions.number("from", from),
				ProcessVersions.number("to", to), mapping, dryRun);
		MigrationReport report = this.migrations.request(key, request, current);
		if (!dryRun) {
			redirect.addFlashAttribute("flash", "Migration started: " + report.instances() + " instance(s) of version "
					+ report.from() + " move to version " + report.to() + " in the background.");
			return "redirect:/processes/" + key + "/diff?from=" + report.from() + "&to=" + report.to() + "&migration="
					+ report.id();
		}
		show(key, from, to, current, model);
		model.addAttribute("report", report);
		return "versions/diff";
	}

	/** A deployed version's BPMN, for the page's viewers. */
	@GetMapping("/processes/{key}/diff/diagram.bpmn")
	ResponseEntity<String> diagram(@PathVariable String key, @RequestParam String version) {
		ProcessDefinition latest = this.versions.latest(key);
		this.versions.checkMayLook(this.caller.get(), latest);
		ProcessDefinition definition = this.versions.definition(key, ProcessVersions.number("version", version));
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_XML)
			.cacheControl(CacheControl.noStore())
			.body(this.versions.xml(definition));
	}

	private ProcessDiff show(String key, String from, String to, Caller current, Model model)
			throws JsonProcessingException {
		ProcessDiff diff = this.versions.diff(key, from, to, current);
		if (diff.from().version() == null || diff.to().version() == null) {
			throw ProblemException.badRequest("Compare two deployed versions.");
		}
		model.addAttribute("diff", diff);
		model.addAttribute("latestVersion", this.versions.latest(key).getVersion());
		model.addAttribute("targetSteps", this.migrations.stepIds(key, diff.to().version()));
		model.addAttribute("mayMigrate",
				current.isAdmin() || current.hasRole(Roles.AUTHOR) || current.hasRole(Roles.OPERATOR));
		// "</" would end the script element early; "<\/" means the same in JSON
		model.addAttribute("diffJson", this.objectMapper.writeValueAsString(diff).replace("</", "<\\/"));
		return diff;
	}

}
