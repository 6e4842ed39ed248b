package io.steadyflow.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import io.steadyflow.system.WebPage;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operators' page for failed work: the incidents, each with its stack trace, a retry
 * and the cancellation of its instance. Every rule and message comes from
 * {@link Incidents}, as in the REST API. Forms posted from the instance page
 * ({@code back=instance}) return there with a flash message.
 */
@Controller
@WebPage
@PreAuthorize("hasAnyRole('" + Roles.OPERATOR + "', '" + Roles.ADMIN + "')")
class IncidentPageController {

	static final String DEFAULT_RETRIES = "3";

	private static final String BACK_TO_INSTANCE = "instance";

	private final Incidents incidents;

	IncidentPageController(Incidents incidents) {
		this.incidents = incidents;
	}

	@GetMapping("/incidents")
	String list(@RequestParam(required = false) String process, Model model) {
		String selected = (process == null || process.isBlank()) ? null : process.strip();
		List<IncidentView> all = this.incidents.list(null, null);
		TreeSet<String> workflows = new TreeSet<>();
		all.stream().map(IncidentView::processDefinitionKey).filter(Objects::nonNull).forEach(workflows::add);
		if (selected != null) {
			workflows.add(selected);
		}
		model.addAttribute("incidents", (selected != null)
				? all.stream().filter((incident) -> selected.equals(incident.processDefinitionKey())).toList() : all);
		model.addAttribute("workflows", List.copyOf(workflows));
		model.addAttribute("process", selected);
		model.addAttribute("defaultRetries", DEFAULT_RETRIES);
		return "incidents/list";
	}

	@GetMapping("/incidents/{id}")
	String incident(@PathVariable String id, Model model) {
		return showIncident(id, DEFAULT_RETRIES, "", Map.of(), model);
	}

	@PostMapping("/incidents/{id}/retry")
	String retry(@PathVariable String id, @RequestParam(required = false) String retries,
			@RequestParam(required = false) String back, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		String typed = (retries != null) ? retries.strip() : "";
		IncidentView incident = this.incidents.get(id);
		try {
			int count;
			try {
				count = Integer.parseInt(typed);
			}
			catch (NumberFormatException ex) {
				throw ProblemException.badRequest("retries must be a whole number between 1 and "
						+ Incidents.MAX_RETRIES + ", was '" + typed + "'");
			}
			this.incidents.retry(id, count);
			redirect.addFlashAttribute("flash", "Retrying '" + step(incident) + "' of " + incident.processInstanceId()
					+ " with " + count + " retries.");
			return redirectAfter(incident, back);
		}
		catch (ProblemException ex) {
			return problem(ex, incident, back, Map.of("retries", ex.getMessage()), typed, "", model, response,
					redirect);
		}
	}

	@PostMapping("/incidents/{id}/cancel")
	String cancel(@PathVariable String id, @RequestParam(required = false) String reason,
			@RequestParam(required = false) String back, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		String typed = (reason != null) ? reason : "";
		IncidentView incident = this.incidents.get(id);
		try {
			this.incidents.cancel(incident.processInstanceId(), typed);
			redirect.addFlashAttribute("flash",
					"Cancelled instance " + incident.processInstanceId() + ": " + typed.strip());
			return BACK_TO_INSTANCE.equals(back) ? "redirect:/instances/" + incident.processInstanceId()
					: "redirect:/incidents";
		}
		catch (ProblemException ex) {
			return problem(ex, incident, back, Map.of("reason", ex.getMessage()), DEFAULT_RETRIES, typed, model,
					response, redirect);
		}
	}

	/**
	 * A bad value is shown next to its field (on the incident page) or as a flash message
	 * on the instance page; a missing incident or a conflict is an error page or, from
	 * the instance page, a flash message.
	 */
	private String problem(ProblemException ex, IncidentView incident, String back, Map<String, String> errors,
			String retries, String reason, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		if (BACK_TO_INSTANCE.equals(back)) {
			redirect.addFlashAttribute("flashError", ex.getMessage());
			return "redirect:/instances/" + incident.processInstanceId();
		}
		if (ex.getStatus() != HttpStatus.BAD_REQUEST) {
			throw ex;
		}
		response.setStatus(422);
		return showIncident(incident.id(), retries, reason, errors, model);
	}

	private String showIncident(String id, String retries, String reason, Map<String, String> errors, Model model) {
		model.addAttribute("incident", this.incidents.get(id));
		model.addAttribute("stacktrace", this.incidents.stacktrace(id));
		Map<String, String> values = new LinkedHashMap<>();
		values.put("retries", retries);
		values.put("reason", reason);
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		return "incidents/incident";
	}

	private static String redirectAfter(IncidentView incident, String back) {
		return BACK_TO_INSTANCE.equals(back) ? "redirect:/instances/" + incident.processInstanceId()
				: "redirect:/incidents";
	}

	private static String step(IncidentView incident) {
		return (incident.activityName() != null) ? incident.activityName() : incident.activityId();
	}

}
