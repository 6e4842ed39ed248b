package io.steadyflow.deployment;

import java.util.List;

import io.steadyflow.system.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.flowable.engine.RepositoryService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/process-definitions")
@Tag(name = "Process definitions")
class ProcessDefinitionApiController {

	private final RepositoryService repositoryService;

	ProcessDefinitionApiController(RepositoryService repositoryService) {
		this.repositoryService = repositoryService;
	}

	@Operation(summary = "The latest version of every deployed process")
	@GetMapping
	List<DeployedDefinition> latest() {
		return this.repositoryService.createProcessDefinitionQuery()
			.latestVersion()
			.orderByProcessDefinitionKey()
			.asc()
			.list()
			.stream()
			.map(DeployedDefinition::of)
			.toList();
	}

	@Operation(summary = "The latest version of one process")
	@GetMapping("/{key}")
	DeployedDefinition latest(@PathVariable String key) {
		var definition = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		if (definition == null) {
			throw unknown(key);
		}
		return DeployedDefinition.of(definition);
	}

	@Operation(summary = "Every version of one process, newest first")
	@GetMapping("/{key}/versions")
	List<DeployedDefinition> versions(@PathVariable String key) {
		List<DeployedDefinition> versions = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.orderByProcessDefinitionVersion()
			.desc()
			.list()
			.stream()
			.map(DeployedDefinition::of)
			.toList();
		if (versions.isEmpty()) {
			throw unknown(key);
		}
		return versions;
	}

	static ProblemException unknown(String key) {
		return ProblemException.notFound("No process with key '" + key + "' is deployed.");
	}

}
