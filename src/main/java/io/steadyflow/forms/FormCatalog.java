package io.steadyflow.forms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.UserTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The forms in {@code forms/}, loaded and checked once at start-up: each file on its own
 * (valid JSON, known types, sound limits), then against the processes in
 * {@code processes/}: every {@code flowable:formKey} needs a form, and a field that shows
 * a variable (read-only or {@code prefill}) must name one that the process knows — one
 * that a form of the process writes or that its BPMN mentions. Problems are reported by
 * file name; with {@code steadyflow.forms.strict} (the default) they stop the start.
 */
@Service
public class FormCatalog {

	private static final Logger logger = LoggerFactory.getLogger(FormCatalog.class);

	private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private final ObjectMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final Map<String, FormDefinition> forms;

	public FormCatalog(FormsProperties properties, SafeBpmnReader bpmnReader) throws IOException {
		List<String> problems = new ArrayList<>();
		this.forms = load(properties.location(), problems);
		crossCheck(properties, bpmnReader, problems);
		if (!problems.isEmpty()) {
			String report = "Form problems:" + System.lineSeparator() + "  "
					+ String.join(System.lineSeparator() + "  ", problems);
			if (properties.strict()) {
				throw new IllegalStateException(report + System.lineSeparator()
						+ "Fix the files (docs/forms.md) or set steadyflow.forms.strict=false.");
			}
			logger.warn(report);
		}
		logger.info("{} forms loaded from {}", this.forms.size(), properties.location());
	}

	public Optional<FormDefinition> find(String formKey) {
		return Optional.ofNullable((formKey != null) ? this.forms.get(formKey) : null);
	}

	/** The forms a process uses: start form first, then the user tasks' forms. */
	public List<FormDefinition> formsOf(BpmnModel model) {
		return model.getProcesses()
			.stream()
			.flatMap((process) -> formKeys(process).keySet().stream())
			.distinct()
			.map(this::find)
			.flatMap(Optional::stream)
			.toList();
	}

	/** The form of the main process's start event, if it has one and it exists. */
	public Optional<FormDefinition> startForm(BpmnModel model) {
		Process process = model.getMainProcess();
		if (process == null || !(process.getInitialFlowElement() instanceof StartEvent start)) {
			return Optional.empty();
		}
		return find(start.getFormKey());
	}

	public Collection<FormDefinition> all() {
		return this.forms.values();
	}

	/** Parse one form file's content; the key is the file name without {@code .json}. */
	FormDefinition parse(String key, byte[] content) throws IOException {
		FormDefinition parsed = this.json.readValue(content, FormDefinition.class);
		if (parsed == null) {
			throw new IOException("the file is empty");
		}
		return new FormDefinition(key, parsed.title(), parsed.description(), parsed.fields());
	}

	private Map<String, FormDefinition> load(Path directory, List<String> problems) throws IOException {
		Map<String, FormDefinition> loaded = new TreeMap<>();
		if (!Files.isDirectory(directory)) {
			logger.warn("Forms directory {} does not exist; no forms loaded", directory.toAbsolutePath());
			return loaded;
		}
		List<Path> files;
		try (Stream<Path> listing = Files.list(directory)) {
			files = listing.filter((path) -> path.getFileName().toString().endsWith(".json")).sorted().toList();
		}
		for (Path path : files) {
			String fileName = path.getFileName().toString();
			String key = fileName.substring(0, fileName.length() - ".json".length());
			try {
				FormDefinition form = parse(key, Files.readAllBytes(path));
				List<String> own = FormDefinitionChecks.problems(form);
				own.forEach((problem) -> problems.add("forms/" + fileName + ": " + problem));
				if (own.isEmpty()) {
					loaded.put(key, form);
				}
			}
			catch (JsonProcessingException ex) {
				problems.add("forms/" + fileName + ": not a valid form: " + ex.getOriginalMessage()
						+ ((ex.getLocation() != null) ? " (line " + ex.getLocation().getLineNr() + ")" : ""));
			}
		}
		return loaded;
	}

	private void crossCheck(FormsProperties properties, SafeBpmnReader reader, List<String> problems)
			throws IOException {
		Path directory = properties.processesLocation();
		if (!Files.isDirectory(directory)) {
			return;
		}
		List<Path> files;
		try (Stream<Path> listing = Files.list(directory)) {
			files = listing.filter((path) -> BpmnSource.isBpmnFileName(path.getFileName().toString()))
				.sorted()
				.toList();
		}
		Set<String> used = new HashSet<>();
		for (Path path : files) {
			String fileName = path.getFileName().toString();
			byte[] content = Files.readAllBytes(path);
			BpmnModel model;
			try {
				model = reader.read(new BpmnSource(fileName, content));
			}
			catch (InvalidBpmnException ex) {
				// The deployment reports broken BPMN itself.
				continue;
			}
			Set<String> mentioned = words(new String(content, java.nio.charset.StandardCharsets.UTF_8));
			for (Process process : model.getProcesses()) {
				Map<String, String> formKeys = formKeys(process);
				Set<String> known = new HashSet<>(mentioned);
				formKeys.keySet()
					.forEach((key) -> find(key).ifPresent((form) -> form.inputFields()
						.forEach((field) -> known
							.addAll(new FormDefinition(key, "", null, List.of(field)).variables()))));
				formKeys.forEach((formKey, element) -> {
					used.add(formKey);
					Optional<FormDefinition> form = find(formKey);
					if (form.isEmpty()) {
						if (!Files.exists(properties.location().resolve(formKey + ".json"))) {
							problems.add("processes/" + fileName + ": " + element + " has flowable:formKey=\"" + formKey
									+ "\", but forms/" + formKey + ".json does not exist");
						}
						return;
					}
					for (FormField field : form.get().fields()) {
						String shown = (field.prefill() != null) ? field.prefill().split("\\.")[0]
								: (field.readOnly() ? field.id() : null);
						if (shown != null && !known.contains(shown)) {
							problems.add("forms/" + formKey + ".json: field '" + field.id() + "' shows variable '"
									+ shown + "', which no form of process '" + process.getId()
									+ "' writes and processes/" + fileName + " never mentions");
						}
					}
				});
			}
		}
		this.forms.keySet()
			.stream()
			.filter((key) -> !used.contains(key))
			.forEach((key) -> logger.info("forms/{}.json is not used by any process in {}", key, directory));
	}

	/** Form key → a description of the element that names it. */
	private static Map<String, String> formKeys(Process process) {
		Map<String, String> keys = new LinkedHashMap<>();
		for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
			String formKey = null;
			String kind = null;
			if (element instanceof UserTask task) {
				formKey = task.getFormKey();
				kind = "user task";
			}
			else if (element instanceof StartEvent start) {
				formKey = start.getFormKey();
				kind = "start event";
			}
			if (formKey != null && !formKey.isBlank()) {
				keys.putIfAbsent(formKey, kind + " '" + element.getId() + "'");
			}
		}
		return keys;
	}

	private static Set<String> words(String text) {
		Set<String> words = new HashSet<>();
		Matcher matcher = WORD.matcher(text);
		while (matcher.find()) {
			words.add(matcher.group());
		}
		return words;
	}

}
