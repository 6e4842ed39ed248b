package io.steadyflow.readiness;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.steadyflow.ai.AiStepFields;
import io.steadyflow.ai.EmbeddingClassifier;
import io.steadyflow.ai.LabelsFigures;
import io.steadyflow.bpmn.BpmnSource;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The readiness of what is deployed: the latest version of every process definition,
 * linted again with today's rules and configuration (a definition deployed before a rule
 * existed shows what it would meet now).
 */
@Service
class DeployedReadiness {

	private final RepositoryService repositoryService;

	private final ReadinessLinter linter;

	private final ObjectProvider<EmbeddingClassifier> classifier;

	DeployedReadiness(RepositoryService repositoryService, ReadinessLinter linter,
			ObjectProvider<EmbeddingClassifier> classifier) {
		this.repositoryService = repositoryService;
		this.linter = linter;
		this.classifier = classifier;
	}

	List<DefinitionReadiness> latestDefinitions() {
		List<ProcessDefinition> definitions = this.repositoryService.createProcessDefinitionQuery()
			.latestVersion()
			.orderByProcessDefinitionKey()
			.asc()
			.list();
		// Several definitions can come from one file (a collaboration); lint it once.
		Map<String, FileReport> reportsByResource = new HashMap<>();
		List<DefinitionReadiness> result = new ArrayList<>();
		for (ProcessDefinition definition : definitions) {
			FileReport report = reportsByResource.computeIfAbsent(
					definition.getDeploymentId() + "/" + definition.getResourceName(), (key) -> lint(definition));
			List<Finding> findings = new ArrayList<>(report.findings()
				.stream()
				.filter((finding) -> finding.processId() == null
						|| Objects.equals(finding.processId(), definition.getKey()))
				.toList());
			findings.addAll(classifyFigures(definition));
			result.add(new DefinitionReadiness(definition.getKey(), definition.getName(), definition.getVersion(),
					definition.getDeploymentId(), definition.getResourceName(), findings, report.overrides()));
		}
		return result;
	}

	/**
	 * Per classify step that declares a precision ({@code sf:aiPrecision}), what its
	 * labels file delivers, cross-validated over the examples: estimated precision and
	 * share routed alone, calibration error, and per label the examples, threshold and
	 * figures (an info finding; the examples are embedded once per labels file, usually
	 * by the warm-up already).
	 */
	List<Finding> classifyFigures(ProcessDefinition definition) {
		EmbeddingClassifier embedding = this.classifier.getIfAvailable();
		BpmnModel model = this.repositoryService.getBpmnModel(definition.getId());
		List<Finding> findings = new ArrayList<>();
		if (embedding == null || model == null) {
			return findings;
		}
		for (Process process : model.getProcesses()) {
			if (!process.getId().equals(definition.getKey())) {
				continue;
			}
			for (FlowElement element : process.findFlowElementsOfType(ServiceTask.class)) {
				String kind = element.getAttributeValue(AiStepFields.SF_NS, "ai");
				String declared = element.getAttributeValue(AiStepFields.SF_NS, "aiPrecision");
				String labels = element.getAttributeValue(AiStepFields.SF_NS, "aiLabels");
				if (!"classify".equals(kind) || declared == null || declared.isBlank() || labels == null) {
					continue;
				}
				String message;
				try {
					double target = AiStepFields.precision(declared);
					message = figures(
							embedding.crossValidatedFigures(definition.getDeploymentId(), labels.strip(), target),
							labels.strip());
				}
				catch (RuntimeException ex) {
					message = "no figures for " + labels.strip() + ": " + ex.getMessage();
				}
				findings.add(new Finding(ReadinessRule.AI_CONFIG.id(), Severity.INFO, definition.getKey(),
						element.getId(), element.getName(), null,
						"The AI step " + ((element.getName() != null) ? element.getName() : element.getId()) + ": "
								+ message,
						"Estimated on the labelled examples, each fold judged by a calibration and thresholds fitted "
								+ "on the others; real tickets are usually harder. Add examples where a label's "
								+ "share routed alone is low."));
			}
		}
		return findings;
	}

	private static String figures(LabelsFigures figures, String labels) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
				"at sf:aiPrecision=%s, %s promises precision %.1f %% with %.1f %% routed alone "
						+ "(cross-validated over %d examples; calibration error %.3f)",
				figures.target(), labels, 100 * figures.precision(), 100 * figures.coverage(), figures.examples(),
				figures.calibrationError()));
		text.append("; per label (examples, threshold, precision, routed alone):");
		figures.labels()
			.forEach((label, figure) -> text
				.append(String.format(Locale.ROOT, " %s %d, %s, %.1f %%, %.1f %%;", label, figure.examples(),
						(figure.threshold() > 1) ? "never" : String.format(Locale.ROOT, "%.3f", figure.threshold()),
						100 * figure.precision(), 100 * figure.coverage())));
		if (figures.unsureExamples() > 0) {
			text.append(String.format(Locale.ROOT, " texts without evidence %d, routed alone %d",
					figures.unsureExamples(), figures.unsureRouted()));
		}
		return text.toString();
	}

	/** The findings of one deployed definition that concern its process. */
	List<Finding> findings(ProcessDefinition definition) {
		return lint(definition).findings()
			.stream()
			.filter((finding) -> finding.processId() == null
					|| Objects.equals(finding.processId(), definition.getKey()))
			.toList();
	}

	private FileReport lint(ProcessDefinition definition) {
		byte[] content;
		try (InputStream in = this.repositoryService.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			content = in.readAllBytes();
		}
		catch (IOException ex) {
			return new FileReport(definition.getResourceName(),
					List.of(new Finding(ReadinessRule.PARSE.id(), Severity.ERROR, definition.getKey(), null, null, null,
							"the deployed resource could not be read: " + ex.getMessage(),
							"Deploy the process again.")));
		}
		return this.linter.lint(new BpmnSource(definition.getResourceName(), content),
				this.repositoryService.getBpmnModel(definition.getId()));
	}

	/** One deployed process definition (its latest version) and its findings. */
	record DefinitionReadiness(String key, String name, int version, String deploymentId, String resourceName,
			List<Finding> findings, List<String> overrides) {

		public long count(String severity) {
			return this.findings.stream().filter((finding) -> finding.severity().label().equals(severity)).count();
		}

	}

}
