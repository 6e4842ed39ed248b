package io.steadyflow.metrics;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.bpmn.Outcome;
import io.steadyflow.forms.FormCatalog;
import io.steadyflow.forms.FormDefinition;
import io.steadyflow.forms.FormField;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;

/**
 * Did the person who decided after an AI step keep the AI's suggestion? The generic rule,
 * for any workflow: a user task whose form pre-fills input fields from an AI step's
 * result ({@code "prefill": "ticketClassification.label"}, where
 * {@code ticketClassification} is the {@code sf:aiResult} of a step with {@code sf:ai})
 * is compared when it completes: agreed when every such field holds the value the AI
 * gave, not agreed when the person changed any of them. Fields the AI left empty are not
 * compared (filling a gap is not overruling), and a task with no field to compare is no
 * decision about AI.
 *
 * <p>
 * It hooks into the engine's TASK_COMPLETED event rather than the task list's complete
 * method, so that a task completed through the pages, the REST API, Flowable's REST API
 * or Java is judged the same way; at that moment the submitted values are already set and
 * the AI's result is still there to compare with.
 */
class HumanDecisions {

	private final WorkflowMetrics metrics;

	private final FormCatalog forms;

	private final ObjectMapper objectMapper;

	/** The AI result variables per process definition; definitions never change. */
	private final Map<String, Set<String>> aiResults = new ConcurrentHashMap<>();

	HumanDecisions(WorkflowMetrics metrics, FormCatalog forms, ObjectMapper objectMapper) {
		this.metrics = metrics;
		this.forms = forms;
		this.objectMapper = objectMapper;
	}

	void completed(TaskEntity task, String process) {
		if (task.getFormKey() == null) {
			return;
		}
		FormDefinition form = this.forms.find(task.getFormKey()).orElse(null);
		if (form == null) {
			return;
		}
		Set<String> results = this.aiResults.computeIfAbsent(task.getProcessDefinitionId(),
				(id) -> aiResultVariables(ProcessDefinitionUtil.getProcess(id)));
		if (results.isEmpty()) {
			return;
		}
		int compared = 0;
		boolean agreed = true;
		for (FormField field : form.inputFields()) {
			JsonNode suggestion = suggestion(task, field.prefill(), results);
			if (suggestion == null) {
				continue;
			}
			compared++;
			agreed &= same(suggestion, task.getVariable(field.id()));
		}
		if (compared > 0) {
			this.metrics.humanDecisionAfterCommit(process, task.getTaskDefinitionKey(), agreed);
		}
	}

	/** The AI's value a field was pre-filled with, or {@code null} when there is none. */
	private JsonNode suggestion(TaskEntity task, String prefill, Set<String> results) {
		if (prefill == null || prefill.isBlank()) {
			return null;
		}
		String[] path = prefill.strip().split("\\.");
		if (!results.contains(path[0])) {
			return null;
		}
		Object result = task.getVariable(path[0]);
		if (result == null) {
			return null;
		}
		JsonNode node = (result instanceof JsonNode json) ? json : this.objectMapper.valueToTree(result);
		for (int i = 1; i < path.length && node != null; i++) {
			node = node.get(path[i]);
		}
		return (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) ? null : node;
	}

	/**
	 * Equal as the person saw them: numbers by value (2500 and 2500.00 are the same
	 * amount), everything else by its text (a date as yyyy-MM-dd).
	 */
	static boolean same(JsonNode suggestion, Object submitted) {
		if (submitted == null) {
			return false;
		}
		String given = (submitted instanceof JsonNode json) ? (json.isValueNode() ? json.asText() : json.toString())
				: submitted.toString();
		String suggested = suggestion.asText();
		if (suggestion.isNumber() || submitted instanceof Number) {
			try {
				return new BigDecimal(suggested.strip()).compareTo(new BigDecimal(given.strip())) == 0;
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return suggested.strip().equals(given.strip());
	}

	private static Set<String> aiResultVariables(Process process) {
		if (process == null) {
			return Set.of();
		}
		return process.findFlowElementsOfType(FlowElement.class, true)
			.stream()
			.filter((element) -> element.getAttributeValue(Outcome.SF_NS, "ai") != null)
			.map((element) -> element.getAttributeValue(Outcome.SF_NS, "aiResult"))
			.filter((name) -> name != null && !name.isBlank())
			.map(String::strip)
			.collect(Collectors.toUnmodifiableSet());
	}

}
