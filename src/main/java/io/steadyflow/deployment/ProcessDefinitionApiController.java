package io.steadyflow.deployment;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/process-definitions")
@Tag(name = "Process definitions")
class ProcessDefinitionApiController {

	private final DeployedDefinitions definitions;

	ProcessDefinitionApiController(DeployedDefinitions definitions) {
		this.definitions = definitions;
	}

	@Operation(summary = "The latest version of every deployed process")
	@GetMapping
	List<DeployedDefinition> latest() {
		return this.definitions.latest();
	}

	@Operation(summary = "The latest version of one process")
	@GetMapping("/{key}")
	DeployedDefinition latest(@PathVariable String key) {
		return this.definitions.latest(key);
	}

	@Operation(summary = "Every version of one process, newest first")
	@GetMapping("/{key}/versions")
	List<DeployedDefinition> versions(@PathVariable String key) {
		return this.definitions.versions(key);
	}

}
