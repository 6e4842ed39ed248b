package io.steadyflow.readiness;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Service;

/**
 * The readiness findings of one deployed process definition, for other capabilities (the
 * owner's scorecard in {@code operations}). A deployed definition never changes and the
 * rules' configuration is fixed at start-up, so the findings are kept per definition id:
 * the owner's pages show them on every request without linting the diagram again.
 */
@Service
public class ProcessReadiness {

	private final DeployedReadiness deployed;

	private final Map<String, List<Finding>> byDefinitionId = new ConcurrentHashMap<>();

	ProcessReadiness(DeployedReadiness deployed) {
		this.deployed = deployed;
	}

	public List<Finding> findings(ProcessDefinition definition) {
		return this.byDefinitionId.computeIfAbsent(definition.getId(), (id) -> this.deployed.findings(definition));
	}

}
