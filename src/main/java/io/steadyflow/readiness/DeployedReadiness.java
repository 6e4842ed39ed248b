package io.steadyflow.readiness;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.steadyflow.bpmn.BpmnSource;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

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

	DeployedReadiness(RepositoryService repositoryService, ReadinessLinter linter) {
		this.repositoryService = repositoryService;
		this.linter = linter;
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
			List<Finding> findings = report.findings()
				.stream()
				.filter((finding) -> finding.processId() == null
						|| Objects.equals(finding.processId(), definition.getKey()))
				.toList();
			result.add(new DefinitionReadiness(definition.getKey(), definition.getName(), definition.getVersion(),
					definition.getDeploymentId(), definition.getResourceName(), findings, report.overrides()));
		}
		return result;
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
