package io.steadyflow.modeler;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.deployment.DeployedDefinition;
import io.steadyflow.deployment.DeployedDefinitions;
import io.steadyflow.deployment.DeploymentProblemException;
import io.steadyflow.deployment.DeploymentResult;
import io.steadyflow.deployment.ProcessDeployer;
import io.steadyflow.modeler.Camunda7Import.ImportResponse;
import io.steadyflow.readiness.FileReport;
import io.steadyflow.readiness.ReadinessLinter;
import io.steadyflow.system.ProblemException;
import io.steadyflow.versions.ProcessDiff;
import io.steadyflow.versions.ProcessVersions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.repository.ProcessDefinitionQuery;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The modeler page's JSON endpoints. They use the page's session and CSRF token (the
 * /api/** endpoints are HTTP Basic for machines) and reuse the same services: the
 * readiness linter, the deployer with its gate, the Camunda 7 import.
 */
@RestController
@RequestMapping("/modeler/api")
class ModelerApiController {

	private final RepositoryService repositoryService;

	private final DeployedDefinitions definitions;

	private final ReadinessLinter linter;

	private final ProcessDeployer deployer;

	private final Camunda7Import camunda7Import;

	private final ModelerCatalog catalog;

	private final BpmnInputLimits limits;

	private final ProcessVersions versions;

	ModelerApiController(RepositoryService repositoryService, DeployedDefinitions definitions, ReadinessLinter linter,
			ProcessDeployer deployer, Camunda7Import camunda7Import, ModelerCatalog catalog, BpmnInputLimits limits,
			ProcessVersions versions) {
		this.repositoryService = repositoryService;
		this.definitions = definitions;
		this.linter = linter;
		this.deployer = deployer;
		this.camunda7Import = camunda7Import;
		this.catalog = catalog;
		this.limits = limits;
		this.versions = versions;
	}

	/**
	 * The diagram on screen.
	 *
	 * @param fileName the name it is saved and deployed under ({@code <process
	 * id>.bpmn20.xml})
	 * @param xml the BPMN XML
	 */
	record ModelerFile(@NotBlank String fileName, @NotBlank String xml) {
	}

	/**
	 * A deployed process definition.
	 *
	 * @param key the process id
	 * @param name the process name
	 * @param version the version number
	 * @param resourceName the file it was deployed from
	 */
	record Definition(String key, String name, int version, String resourceName) {

		static Definition of(DeployedDefinition definition) {
			return new Definition(definition.key(), definition.name(), definition.version(), definition.resourceName());
		}

	}

	@GetMapping("/definitions")
	List<Definition> latestDefinitions() {
		return this.definitions.latest().stream().map(Definition::of).toList();
	}

	@GetMapping("/definitions/{key}/versions")
	List<Definition> versions(@PathVariable String key) {
		return this.definitions.versions(key).stream().map(Definition::of).toList();
	}

	/** The BPMN file of the latest version of a process, or of the given version. */
	@GetMapping(path = "/definitions/{key}/xml",
			produces = { MediaType.APPLICATION_XML_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	ResponseEntity<byte[]> xml(@PathVariable String key, @RequestParam(required = false) Integer version)
			throws IOException {
		ProcessDefinitionQuery query = this.repositoryService.createProcessDefinitionQuery().processDefinitionKey(key);
		ProcessDefinition definition = (version != null) ? query.processDefinitionVersion(version).singleResult()
				: query.latestVersion().singleResult();
		if (definition == null) {
			throw (version != null) ? ProblemException.notFound("Process '" + key + "' has no version " + version + ".")
					: DeployedDefinitions.unknown(key);
		}
		try (InputStream in = this.repositoryService.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(in.readAllBytes());
		}
	}

	@GetMapping("/tools")
	List<ModelerCatalog.Tool> tools() {
		return this.catalog.tools();
	}

	@GetMapping("/forms")
	List<ModelerCatalog.Form> forms() {
		return this.catalog.forms();
	}

	/** The live check: the readiness report of the diagram on screen (always 200). */
	@PostMapping(path = "/lint", consumes = MediaType.APPLICATION_JSON_VALUE)
	FileReport lint(@Valid @RequestBody ModelerFile file) {
		return this.linter.lint(source(file));
	}

	/**
	 * What deploying the diagram on screen would change against the latest deployed
	 * version of its process: the confirm step before {@link #deploy}.
	 */
	@PostMapping(path = "/diff", consumes = MediaType.APPLICATION_JSON_VALUE)
	ProcessDiff diff(@Valid @RequestBody ModelerFile file) {
		return this.versions.diffAgainstDeployed(source(file));
	}

	/**
	 * Deploy the diagram on screen through the same gate as
	 * {@code POST /api/deployments}: 422 with the findings when it has readiness errors.
	 * The labels files its classify steps name go with it (as last deployed, else from
	 * the labels folder).
	 */
	@PostMapping(path = "/deployments", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<DeploymentResult> deploy(@Valid @RequestBody ModelerFile file) {
		BpmnSource source = source(file);
		DeploymentResult result = this.deployer.deployWithItsLabels(source);
		return ResponseEntity.created(URI.create("/modeler/api/definitions")).body(result);
	}

	@PostMapping(path = "/import/camunda7", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ImportResponse importCamunda7(@RequestParam(name = "file", required = false) MultipartFile file)
			throws IOException {
		return this.camunda7Import.convert(file);
	}

	@ExceptionHandler(DeploymentProblemException.class)
	ProblemDetail problems(DeploymentProblemException ex) {
		return ex.toProblemDetail();
	}

	private BpmnSource source(ModelerFile file) {
		byte[] content = file.xml().getBytes(StandardCharsets.UTF_8);
		long limit = this.limits.maxFileSize().toBytes();
		if (content.length > limit) {
			throw ProblemException.badRequest(
					"The diagram is larger than the limit of " + limit + " bytes (steadyflow.bpmn.max-file-size).");
		}
		return new BpmnSource(fileName(file.fileName()), content);
	}

	/** The base name, ending like a BPMN file so that the engine deploys it as one. */
	static String fileName(String requested) {
		String name = requested.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).trim();
		if (name.isEmpty()) {
			name = "diagram";
		}
		return BpmnSource.isBpmnFileName(name) ? name : name.replaceAll("(?i)\\.xml$", "") + ".bpmn20.xml";
	}

}
