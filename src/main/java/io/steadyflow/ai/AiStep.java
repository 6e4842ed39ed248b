package io.steadyflow.ai;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steadyflow.metrics.WorkflowMetrics;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one delegate of every AI step: a service task with
 * {@code flowable:delegateExpression="${aiStep}"} and
 * {@code sf:ai="classify|extract|summarize"}. The step's other attributes say what it
 * reads and where its answer goes:
 * <ul>
 * <li>{@code sf:aiInput}: variable names separated by commas (PDFs among them are read by
 * their text layer), or one expression such as {@code ${subject}}</li>
 * <li>{@code sf:aiResult}: the one variable the step writes, a JSON object</li>
 * <li>{@code sf:aiThreshold}: from which confidence the result is {@code sure}; on the
 * step or on the process, else {@code steadyflow.ai.*-threshold}</li>
 * <li>{@code sf:aiLabels}: for classify, the labels file</li>
 * <li>{@code sf:aiPrecision}: for classify, instead of a threshold, the share of sure
 * results that must be right; per-label thresholds derived from the examples deliver it
 * ({@link PrecisionRule}); on the step or on the process (for its classify steps without
 * a threshold of their own)</li>
 * <li>{@code sf:aiSchema}: for extract, the {@link ExtractionSchema} that says what to
 * read</li>
 * </ul>
 * Guardrails: the models see only the input text, never the execution; the step writes
 * exactly its result variable, which may not be a decision variable ({@code sf:decision})
 * of the process; it checks that no other variable changed while the model ran; and every
 * result is recorded in {@link AiProvenance}. Any failure is an {@link AiFailure} for the
 * engine to retry, never a default answer.
 */
@Component("aiStep")
class AiStep implements JavaDelegate {

	static final String SF_NS = AiStepFields.SF_NS;

	private static final Pattern VARIABLE = AiStepFields.VARIABLE;

	private static final int SUMMARY_SENTENCES = 3;

	private static final int SUMMARY_CHARS = 600;

	private final EmbeddingClassifier classifier;

	private final AiProvenance provenance;

	private final AiProperties properties;

	private final ObjectMapper objectMapper;

	private final ChatAssistant chat;

	private final ObjectProvider<ExtractionSchema> schemas;

	private final WorkflowMetrics metrics;

	AiStep(EmbeddingClassifier classifier, AiProvenance provenance, AiProperties properties, ObjectMapper objectMapper,
			ObjectProvider<ExtractionSchema> schemas, WorkflowMetrics metrics) {
		this.metrics = metrics;
		this.classifier = classifier;
		this.schemas = schemas;
		this.provenance = provenance;
		this.properties = properties;
		this.objectMapper = objectMapper;
		this.chat = properties.chat().configured() ? new ChatAssistant(properties.chat(), objectMapper) : null;
	}

	@Override
	public void execute(DelegateExecution execution) {
		FlowElement step = execution.getCurrentFlowElement();
		Process process = ProcessDefinitionUtil.getProcess(execution.getProcessDefinitionId());
		String kind = required(step, "ai").toLowerCase(Locale.ROOT);
		String resultVariable = required(step, "aiResult");
		if (!VARIABLE.matcher(resultVariable).matches()) {
			throw new AiFailure("sf:aiResult '" + resultVariable + "' of " + step.getId() + " is not a variable name");
		}
		Set<String> decisions = decisionVariables(process);
		if (decisions.contains(resultVariable)) {
			throw new AiFailure("The AI step " + step.getId() + " may not write the decision variable '"
					+ resultVariable + "': decisions are made by people");
		}
		String input = AiInput.text(execution, required(step, "aiInput"));

		Map<String, Object> before = new HashMap<>(execution.getVariables());
		long started = System.nanoTime();
		Outcome outcome = switch (kind) {
			case "classify" -> classify(step, process, deploymentId(execution), input);
			case "extract" -> extract(step, process, input);
			case "summarize" -> summarize(input);
			default -> throw new AiFailure(
					"sf:ai='" + kind + "' of " + step.getId() + " is not one of classify, extract, summarize");
		};
		long durationMs = (System.nanoTime() - started) / 1_000_000;
		verifyNothingElseChanged(before, execution.getVariables(), step);

		execution.setVariable(resultVariable, outcome.result());
		String output;
		try {
			output = this.objectMapper.writeValueAsString(outcome.result());
		}
		catch (JsonProcessingException ex) {
			throw new AiFailure("The result of " + step.getId() + " cannot be written as JSON", ex);
		}
		this.provenance.record(new AiProvenance.AiRecord(execution.getProcessInstanceId(), step.getId(), kind,
				resultVariable, outcome.modelId(), outcome.modelVersion(), Hashes.sha256(input), output,
				outcome.confidence(), durationMs, Instant.now()));
		// Summaries have no confidence and so no "sure": they suggest nothing to decide.
		if (outcome.result().has("sure")) {
			this.metrics.aiSuggestionAfterCommit(
					ProcessDefinitionUtil.getProcessDefinition(execution.getProcessDefinitionId()).getKey(),
					step.getId(), outcome.result().get("sure").asBoolean());
		}
	}

	private record Outcome(ObjectNode result, String modelId, String modelVersion, Double confidence) {
	}

	private static String deploymentId(DelegateExecution execution) {
		return ProcessDefinitionUtil.getProcessDefinition(execution.getProcessDefinitionId()).getDeploymentId();
	}

	private Outcome classify(FlowElement step, Process process, String deploymentId, String input) {
		Double precision = precisionTarget(step, process);
		double threshold = threshold(step, process, this.properties.classifyThreshold());
		ObjectNode result = this.objectMapper.createObjectNode();
		if (input.isBlank()) {
			// nothing to read: a person decides, with no suggestion
			result.putNull("label");
			result.put("confidence", 0.0);
			result.putArray("alternatives");
			result.put("sure", false);
			result.put("threshold", (precision != null) ? PrecisionRule.NEVER : threshold);
			if (precision != null) {
				result.put("precisionTarget", precision);
			}
			return new Outcome(result, EmbeddingClassifier.MODEL_ID, EmbeddingClassifier.modelVersion(), 0.0);
		}
		String labels = required(step, "aiLabels");
		Classification classification = this.classifier.classify(deploymentId, labels, input);
		result.put("label", classification.label());
		result.put("confidence", classification.confidence());
		// which examples decided: the labels file and its content's hash, kept with every
		// result
		result.put("labelsVersion", this.classifier.labelsVersion(deploymentId, labels));
		ArrayNode alternatives = result.putArray("alternatives");
		for (Classification.Scored alternative : classification.alternatives()) {
			alternatives.addObject().put("label", alternative.label()).put("confidence", alternative.confidence());
		}
		// a text without evidence for any label is never sure, whatever its confidence
		result.put("evidence", classification.evidence());
		if (precision != null) {
			// the declared precision decides, with the threshold of the suggested label
			PrecisionRule rule = this.classifier.precisionRule(deploymentId, labels, precision);
			result.put("sure",
					classification.evidence() && rule.sure(classification.label(), classification.confidence()));
			result.put("threshold", rule.thresholds().getOrDefault(classification.label(), PrecisionRule.NEVER));
			result.put("precisionTarget", precision);
		}
		else {
			result.put("sure", classification.evidence() && classification.confidence() >= threshold);
			result.put("threshold", threshold);
		}
		return new Outcome(result, EmbeddingClassifier.MODEL_ID, classification.modelVersion(),
				classification.confidence());
	}

	/**
	 * The step's declared precision ({@code sf:aiPrecision} of the step, else of the
	 * process), or {@code null}.
	 */
	private static Double precisionTarget(FlowElement step, Process process) {
		String value = AiStepFields.declaredPrecision(step, process);
		if (value == null) {
			return null;
		}
		try {
			return AiStepFields.precision(value);
		}
		catch (IllegalArgumentException ex) {
			throw new AiFailure(ex.getMessage() + " (" + step.getId() + ")", ex);
		}
	}

	private Outcome extract(FlowElement step, Process process, String input) {
		double threshold = threshold(step, process, this.properties.extractThreshold());
		ExtractionSchema schema = schema(step);
		Extraction extraction;
		String modelId;
		String modelVersion;
		if (this.chat != null && !input.isBlank()) {
			ChatAssistant.Answer<ExtractedJson> answer = this.chat.extract(schema, input);
			extraction = schema.read(answer.value());
			modelId = this.chat.modelId();
			modelVersion = answer.modelVersion();
		}
		else {
			extraction = schema.extract(input);
			modelId = schema.modelId();
			modelVersion = schema.modelVersion();
		}
		ObjectNode result = this.objectMapper.createObjectNode();
		extraction.fields().forEach((name, value) -> result.set(name, this.objectMapper.valueToTree(value)));
		double confidence = extraction.confidence();
		result.put("confidence", confidence);
		extraction.missing().forEach(result.putArray("missing")::add);
		extraction.problems().forEach(result.putArray("problems")::add);
		result.put("complete", extraction.missing().isEmpty());
		result.put("sure", confidence >= threshold);
		result.put("threshold", threshold);
		result.put("summary", extraction.summary());
		return new Outcome(result, modelId, modelVersion, confidence);
	}

	/**
	 * The schema the step names ({@code sf:aiSchema}). A step deployed before steps named
	 * their schema gets the only one there is.
	 */
	private ExtractionSchema schema(FlowElement step) {
		Map<String, ExtractionSchema> schemas = new TreeMap<>();
		this.schemas.orderedStream().forEach((schema) -> schemas.put(schema.name(), schema));
		String name = step.getAttributeValue(SF_NS, "aiSchema");
		if ((name == null || name.isBlank()) && schemas.size() == 1) {
			return schemas.values().iterator().next();
		}
		if (name == null || name.isBlank()) {
			throw new AiFailure("The AI step " + step.getId() + " has no sf:aiSchema");
		}
		ExtractionSchema schema = schemas.get(name.strip());
		if (schema == null) {
			throw new AiFailure("sf:aiSchema '" + name.strip() + "' of " + step.getId()
					+ " is not an extraction schema of this application; known: "
					+ (schemas.isEmpty() ? "none" : String.join(", ", schemas.keySet())));
		}
		return schema;
	}

	private Outcome summarize(String input) {
		ObjectNode result = this.objectMapper.createObjectNode();
		if (this.chat != null && !input.isBlank()) {
			ChatAssistant.Answer<String> answer = this.chat.summarize(input);
			result.put("summary", answer.value());
			return new Outcome(result, this.chat.modelId(), answer.modelVersion(), null);
		}
		result.put("summary", ExtractiveSummarizer.summarize(input, SUMMARY_SENTENCES, SUMMARY_CHARS));
		return new Outcome(result, ExtractiveSummarizer.MODEL_ID, ExtractiveSummarizer.VERSION, null);
	}

	private static double threshold(FlowElement step, Process process, double fallback) {
		String value = step.getAttributeValue(SF_NS, "aiThreshold");
		if (value == null || value.isBlank()) {
			value = process.getAttributeValue(SF_NS, "aiThreshold");
		}
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return AiStepFields.threshold(value);
		}
		catch (IllegalArgumentException ex) {
			throw new AiFailure(ex.getMessage() + " (" + step.getId() + ")", ex);
		}
	}

	/** The variables that hold human decisions: {@code sf:decision} of the user tasks. */
	static Set<String> decisionVariables(Process process) {
		return AiStepFields.decisionVariables(process);
	}

	/**
	 * The models only ever see the input text; this proves at run time that nothing but
	 * the result variable is written by an AI step, whatever a future model adapter does.
	 */
	private static void verifyNothingElseChanged(Map<String, Object> before, Map<String, Object> after,
			FlowElement step) {
		if (!before.keySet().equals(after.keySet())) {
			throw new AiFailure("The AI step " + step.getId() + " changed variables other than its result");
		}
		for (Map.Entry<String, Object> entry : before.entrySet()) {
			if (!Objects.equals(entry.getValue(), after.get(entry.getKey()))) {
				throw new AiFailure("The AI step " + step.getId() + " changed the variable '" + entry.getKey() + "'");
			}
		}
	}

	private static String required(FlowElement step, String attribute) {
		String value = step.getAttributeValue(SF_NS, attribute);
		if (value == null || value.isBlank()) {
			throw new AiFailure("The AI step " + step.getId() + " has no sf:" + attribute);
		}
		return value.strip();
	}

}
