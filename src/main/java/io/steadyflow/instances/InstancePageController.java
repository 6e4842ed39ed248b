package io.steadyflow.instances;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.forms.FormBinder;
import io.steadyflow.forms.FormBinding;
import io.steadyflow.forms.FormCatalog;
import io.steadyflow.forms.FormDefinition;
import io.steadyflow.forms.FormValues;
import io.steadyflow.security.Caller;
import io.steadyflow.security.CurrentCaller;
import io.steadyflow.system.ProblemException;
import io.steadyflow.system.WebPage;
import jakarta.servlet.http.HttpServletResponse;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.dao.DuplicateKeyException;
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
 * Pages to start a workflow with its start form, and to follow an instance: status,
 * diagram, timeline and the data its forms declare.
 */
@Controller
@WebPage
class InstancePageController {

	static final String BUSINESS_KEY = "businessKey";

	private final RepositoryService repositoryService;

	private final InstanceStarter starter;

	private final InstanceQueries queries;

	private final ProcessDiagrams diagrams;

	private final FormCatalog forms;

	private final FormBinder binder;

	private final CurrentCaller caller;

	InstancePageController(RepositoryService repositoryService, InstanceStarter starter, InstanceQueries queries,
			ProcessDiagrams diagrams, FormCatalog forms, FormBinder binder, CurrentCaller caller) {
		this.repositoryService = repositoryService;
		this.starter = starter;
		this.queries = queries;
		this.diagrams = diagrams;
		this.forms = forms;
		this.binder = binder;
		this.caller = caller;
	}

	/**
	 * @param key the process key
	 * @param name the process name
	 * @param version the latest version
	 * @param title the start form's title
	 * @param description the start form's description
	 */
	record Startable(String key, String name, int version, String title, String description) {
	}

	@GetMapping("/start")
	String startable(Model model) {
		Caller who = this.caller.get();
		List<Startable> startable = new ArrayList<>();
		for (ProcessDefinition definition : this.repositoryService.createProcessDefinitionQuery()
			.latestVersion()
			.active()
			.orderByProcessDefinitionName()
			.asc()
			.list()) {
			startForm(definition).filter((form) -> this.starter.mayStart(definition, who))
				.ifPresent((form) -> startable.add(new Startable(definition.getKey(),
						(definition.getName() != null) ? definition.getName() : definition.getKey(),
						definition.getVersion(), form.title(), form.description())));
		}
		model.addAttribute("startable", startable);
		return "instances/start";
	}

	@GetMapping("/start/{key}")
	String startForm(@PathVariable String key, Model model) {
		StartContext context = startContext(key);
		return showStartForm(context, FormValues.initial(context.form(), Map.of()), Map.of(), model);
	}

	@PostMapping("/start/{key}")
	String start(@PathVariable String key, @RequestParam Map<String, String> input, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		StartContext context = startContext(key);
		FormBinding binding = this.binder.bind(context.form(), input);
		String businessKey = input.getOrDefault(BUSINESS_KEY, "").strip();
		Map<String, String> values = new LinkedHashMap<>(binding.submitted());
		values.put(BUSINESS_KEY, businessKey);
		Map<String, String> errors = new LinkedHashMap<>(binding.errors());
		if (businessKey.length() > 255) {
			errors.put(BUSINESS_KEY, "At most 255 characters.");
		}
		if (errors.isEmpty()) {
			try {
				StartedInstance started = this.starter.start(key, businessKey.isEmpty() ? null : businessKey,
						binding.variables(), this.caller.get());
				redirect.addFlashAttribute("flash", "Started '" + context.definition().getName() + "'"
						+ (businessKey.isEmpty() ? "" : " for " + businessKey) + ".");
				return "redirect:/instances/" + started.id();
			}
			catch (DuplicateKeyException ex) {
				errors.put(BUSINESS_KEY, "This business key was just used by another start.");
			}
			catch (ProblemException ex) {
				if (ex.getStatus().value() != 409) {
					throw ex;
				}
				errors.put(BUSINESS_KEY, ex.getMessage());
			}
		}
		response.setStatus(422);
		return showStartForm(context, values, errors, model);
	}

	private String showStartForm(StartContext context, Map<String, String> values, Map<String, String> errors,
			Model model) {
		model.addAttribute("definition", context.definition());
		model.addAttribute("form", context.form());
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		return "instances/start-form";
	}

	record StartContext(ProcessDefinition definition, FormDefinition form) {
	}

	private StartContext startContext(String key) {
		ProcessDefinition definition = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		if (definition == null) {
			throw ProblemException.notFound("No workflow '" + key + "' is deployed.");
		}
		if (!this.starter.mayStart(definition, this.caller.get())) {
			throw ProblemException.forbidden("You may not start '" + definition.getName() + "'.");
		}
		FormDefinition form = startForm(definition).orElseThrow(() -> ProblemException
			.notFound("'" + definition.getName() + "' has no start form; it is started by other means."));
		return new StartContext(definition, form);
	}

	private Optional<FormDefinition> startForm(ProcessDefinition definition) {
		return this.forms.startForm(this.repositoryService.getBpmnModel(definition.getId()));
	}

	@GetMapping("/instances/{id}")
	String instance(@PathVariable String id, Model model) {
		InstanceView view = this.queries.find(id, this.caller.get());
		String definitionId = this.queries.processDefinitionId(id, this.caller.get());
		BpmnModel bpmn = this.repositoryService.getBpmnModel(definitionId);
		Map<String, FormValues.Shown> declared = new LinkedHashMap<>();
		for (FormDefinition form : this.forms.formsOf(bpmn)) {
			for (FormValues.Shown shown : FormValues.all(form, view.variables())) {
				if (!"—".equals(shown.text())) {
					declared.putIfAbsent(shown.id(), shown);
				}
			}
		}
		model.addAttribute("instance", view);
		model.addAttribute("timeline", Timeline.of(view));
		model.addAttribute("data", List.copyOf(declared.values()));
		model.addAttribute("aiResults",
				view.aiResults()
					.stream()
					.map((result) -> new ShownAiResult(result, Timeline.describe(result), pretty(result.output())))
					.toList());
		return "instances/instance";
	}

	private static String pretty(Object output) {
		return (output instanceof JsonNode json) ? json.toPrettyString() : String.valueOf(output);
	}

	/**
	 * @param result the recorded result
	 * @param said it in one line
	 * @param output the whole output as JSON
	 */
	record ShownAiResult(InstanceView.AiResult result, String said, String output) {
	}

	@GetMapping("/instances/{id}/diagram.png")
	ResponseEntity<byte[]> diagram(@PathVariable String id) {
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.cacheControl(CacheControl.noStore())
			.body(this.diagrams.png(id, this.caller.get()));
	}

}
