package io.steadyflow.tasks;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.steadyflow.forms.FormBinder;
import io.steadyflow.forms.FormBinding;
import io.steadyflow.forms.FormCatalog;
import io.steadyflow.forms.FormDefinition;
import io.steadyflow.forms.FormValues;
import io.steadyflow.instances.InstanceQueries;
import io.steadyflow.instances.InstanceView;
import io.steadyflow.security.Caller;
import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.ProblemException;
import io.steadyflow.system.WebPage;
import jakarta.servlet.http.HttpServletResponse;
import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.TaskService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The task list and the task page. Every action goes through {@link TaskWork}, so the
 * pages and the REST API enforce the same rules (403 not yours, 404 unknown, 409 done or
 * taken by someone else, four eyes).
 */
@Controller
@WebPage
class TaskPageController {

	static final int PAGE_SIZE = 25;

	private final TaskWork work;

	private final TaskService taskService;

	private final RepositoryService repositoryService;

	private final InstanceQueries instances;

	private final FormCatalog forms;

	private final FormBinder binder;

	private final CurrentCaller caller;

	TaskPageController(TaskWork work, TaskService taskService, RepositoryService repositoryService,
			InstanceQueries instances, FormCatalog forms, FormBinder binder, CurrentCaller caller) {
		this.work = work;
		this.taskService = taskService;
		this.repositoryService = repositoryService;
		this.instances = instances;
		this.forms = forms;
		this.binder = binder;
		this.caller = caller;
	}

	@GetMapping("/")
	String home() {
		return "redirect:/tasks";
	}

	/**
	 * @param key the process key
	 * @param name the process name
	 */
	record ProcessChoice(String key, String name) {
	}

	@GetMapping("/tasks")
	String inbox(@RequestParam(required = false) String process, @RequestParam(defaultValue = "all") String scope,
			@RequestParam(defaultValue = "due") String sort, @RequestParam(defaultValue = "0") int page, Model model) {
		TaskWork.Scope which = choice(TaskWork.Scope.class, scope, "scope");
		TaskWork.Sort order = choice(TaskWork.Sort.class, sort, "sort");
		if (page < 0) {
			throw ProblemException.badRequest("page must be 0 or more.");
		}
		Caller who = this.caller.get();
		String processKey = (process != null && !process.isBlank()) ? process : null;
		long total = this.work.count(who, processKey, which);
		model.addAttribute("tasks", this.work.list(who, processKey, which, order, page, PAGE_SIZE));
		model.addAttribute("total", total);
		model.addAttribute("page", page);
		model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
		model.addAttribute("process", processKey);
		model.addAttribute("scope", which.name().toLowerCase(Locale.ROOT));
		model.addAttribute("sort", order.name().toLowerCase(Locale.ROOT));
		model.addAttribute("now", Instant.now());
		model.addAttribute("processes",
				this.repositoryService.createProcessDefinitionQuery()
					.latestVersion()
					.orderByProcessDefinitionName()
					.asc()
					.list()
					.stream()
					.map((definition) -> new ProcessChoice(definition.getKey(),
							(definition.getName() != null) ? definition.getName() : definition.getKey()))
					.toList());
		model.addAttribute("me", who.userId());
		return "tasks/inbox";
	}

	@GetMapping("/tasks/{id}")
	String task(@PathVariable String id, Model model) {
		TaskView task = this.work.get(id, this.caller.get());
		Optional<FormDefinition> form = this.forms.find(task.formKey());
		Map<String, String> values = form.map((definition) -> FormValues.initial(definition, variables(id)))
			.orElse(Map.of());
		return show(task, form, values, Map.of(), model);
	}

	@PostMapping("/tasks/{id}/claim")
	String claim(@PathVariable String id, RedirectAttributes redirect) {
		TaskView task = this.work.claim(id, this.caller.get());
		redirect.addFlashAttribute("flash", "You hold '" + task.name() + "' now.");
		return "redirect:/tasks/" + id;
	}

	@PostMapping("/tasks/{id}/unclaim")
	String unclaim(@PathVariable String id, RedirectAttributes redirect) {
		this.work.unclaim(id, this.caller.get());
		redirect.addFlashAttribute("flash", "Released: the task is offered to its groups again.");
		return "redirect:/tasks";
	}

	@PostMapping("/tasks/{id}/hand-over")
	String handOver(@PathVariable String id, @RequestParam(required = false) String to, RedirectAttributes redirect) {
		TaskView task = this.work.handOver(id, to, this.caller.get());
		redirect.addFlashAttribute("flash", "'" + task.name() + "' is now with " + to + ".");
		return "redirect:/tasks";
	}

	@PostMapping("/tasks/{id}/comments")
	String comment(@PathVariable String id, @RequestParam(defaultValue = "") String message,
			RedirectAttributes redirect) {
		this.work.comment(id, message, this.caller.get());
		redirect.addFlashAttribute("flash", "Comment added.");
		return "redirect:/tasks/" + id + "#comments";
	}

	@PostMapping("/tasks/{id}/complete")
	String complete(@PathVariable String id, @RequestParam Map<String, String> input, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		Caller who = this.caller.get();
		TaskView task = this.work.get(id, who);
		Optional<FormDefinition> form = this.forms.find(task.formKey());
		FormBinding binding = form.map((definition) -> this.binder.bind(definition, input))
			.orElse(new FormBinding(Map.of(), Map.of(), Map.of()));
		if (!binding.hasErrors()) {
			try {
				this.work.complete(id, binding.variables(), who);
				redirect.addFlashAttribute("flash", "Done: '" + task.name() + "'.");
				return "redirect:/tasks";
			}
			catch (FlowableIllegalArgumentException ex) {
				// A rule in the workflow itself (e.g. the decision guard) refused it; the
				// transaction rolled back and the task is still open.
				model.addAttribute("flashError", ex.getMessage());
			}
		}
		response.setStatus(422);
		Map<String, String> values = new java.util.LinkedHashMap<>(
				form.map((definition) -> FormValues.initial(definition, variables(id))).orElse(Map.of()));
		values.putAll(binding.submitted());
		return show(task, form, values, binding.errors(), model);
	}

	private String show(TaskView task, Optional<FormDefinition> form, Map<String, String> values,
			Map<String, String> errors, Model model) {
		Caller who = this.caller.get();
		InstanceView instance = (task.processInstanceId() != null) ? this.instances.find(task.processInstanceId(), who)
				: null;
		model.addAttribute("task", task);
		model.addAttribute("instance", instance);
		model.addAttribute("steps", (instance != null)
				? instance.history().stream().filter((step) -> "userTask".equals(step.type())).toList() : List.of());
		model.addAttribute("form", form.orElse(null));
		model.addAttribute("shown",
				form.map((definition) -> FormValues.readOnly(definition, variables(task.id()))).orElse(List.of()));
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		model.addAttribute("mine", who.userId().equals(task.assignee()));
		model.addAttribute("handOverTo", (task.assignee() == null || who.userId().equals(task.assignee()))
				? this.work.handOverCandidates(task.id(), who) : List.of());
		model.addAttribute("comments", (instance != null) ? instance.comments() : List.of());
		model.addAttribute("now", Instant.now());
		return "tasks/task";
	}

	private Map<String, Object> variables(String taskId) {
		return this.taskService.getVariables(taskId);
	}

	private static <E extends Enum<E>> E choice(Class<E> type, String value, String name) {
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.badRequest("'" + value + "' is not a valid " + name + ".");
		}
	}

}
