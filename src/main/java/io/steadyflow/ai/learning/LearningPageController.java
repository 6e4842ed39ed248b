package io.steadyflow.ai.learning;

import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.ProblemException;
import io.steadyflow.system.WebPage;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The review page of a process's candidate examples, {@code /processes/{key}/learning}:
 * accept, relabel, discard, then check the figures of the labels version the accepted
 * ones make and deploy it through the gate. Server-rendered forms with the CSRF token;
 * every action redirects back with a message.
 */
@Controller
@WebPage
class LearningPageController {

	private final Learning learning;

	private final CurrentCaller caller;

	LearningPageController(Learning learning, CurrentCaller caller) {
		this.learning = learning;
		this.caller = caller;
	}

	@GetMapping("/processes/{key}/learning")
	String review(@PathVariable String key, Model model) {
		return show(key, model);
	}

	@PostMapping("/processes/{key}/learning/candidates/{id}/accept")
	String accept(@PathVariable String key, @PathVariable String id, RedirectAttributes redirect) {
		return act(key, redirect, () -> {
			Candidate candidate = this.learning.accept(key, id, this.caller.get());
			return "Accepted as '" + candidate.finalLabel() + "'.";
		});
	}

	@PostMapping("/processes/{key}/learning/candidates/{id}/relabel")
	String relabel(@PathVariable String key, @PathVariable String id, @RequestParam(required = false) String label,
			RedirectAttributes redirect) {
		return act(key, redirect, () -> {
			Candidate candidate = this.learning.relabel(key, id, label, this.caller.get());
			return "Accepted as '" + candidate.finalLabel() + "'.";
		});
	}

	@PostMapping("/processes/{key}/learning/candidates/{id}/discard")
	String discard(@PathVariable String key, @PathVariable String id, RedirectAttributes redirect) {
		return act(key, redirect, () -> {
			this.learning.discard(key, id, this.caller.get());
			return "Discarded.";
		});
	}

	@PostMapping("/processes/{key}/learning/preview")
	String preview(@PathVariable String key, @RequestParam(required = false) String labelsFile, Model model,
			RedirectAttributes redirect) {
		try {
			model.addAttribute("proposal", this.learning.preview(key, labelsFile, this.caller.get()));
			return show(key, model);
		}
		catch (ProblemException ex) {
			return refused(key, ex, redirect);
		}
	}

	@PostMapping("/processes/{key}/learning/publish")
	String publish(@PathVariable String key, @RequestParam(required = false) String labelsFile,
			@RequestParam(required = false) String reason, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		try {
			LabelsVersions.LabelsVersion version = this.learning.publish(key, labelsFile, reason, this.caller.get());
			Comparison figures = version.figures();
			redirect.addFlashAttribute("flash",
					"Deployed " + version.labelsFile() + " version " + version.version() + " with "
							+ version.examplesAdded() + " new examples as version " + version.processDefinitionVersion()
							+ " of the process: precision " + Comparison.percent(figures.before().precision()) + " → "
							+ Comparison.percent(figures.after().precision()) + ", routed alone "
							+ Comparison.percent(figures.before().coverage()) + " → "
							+ Comparison.percent(figures.after().coverage()) + ".");
			return "redirect:/processes/" + key + "/learning";
		}
		catch (ProblemException ex) {
			if (ex.getStatus() == HttpStatus.CONFLICT && ex.getProperties().get("figures") instanceof Comparison) {
				// worse: show the figures and ask for the reason, nothing deployed
				response.setStatus(HttpStatus.CONFLICT.value());
				model.addAttribute("refused", ex.getMessage());
				model.addAttribute("proposal", this.learning.preview(key, labelsFile, this.caller.get()));
				return show(key, model);
			}
			return refused(key, ex, redirect);
		}
	}

	private String show(String key, Model model) {
		model.addAttribute("review", this.learning.review(key, this.caller.get()));
		return "learning/review";
	}

	private String act(String key, RedirectAttributes redirect, java.util.function.Supplier<String> action) {
		try {
			redirect.addFlashAttribute("flash", action.get());
		}
		catch (ProblemException ex) {
			return refused(key, ex, redirect);
		}
		return "redirect:/processes/" + key + "/learning";
	}

	/** Bad input and conflicts come back as a message; 403 and 404 are error pages. */
	private static String refused(String key, ProblemException ex, RedirectAttributes redirect) {
		if (ex.getStatus() == HttpStatus.FORBIDDEN || ex.getStatus() == HttpStatus.NOT_FOUND) {
			throw ex;
		}
		redirect.addFlashAttribute("flashError", ex.getMessage());
		return "redirect:/processes/" + key + "/learning";
	}

}
