package io.steadyflow.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.steadyflow.ai.AiProperties;
import io.steadyflow.ai.AiStepFields;
import io.steadyflow.ai.LabelsFile;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.readiness.DeploymentRefusedException;
import io.steadyflow.readiness.FileReport;
import io.steadyflow.readiness.ReadinessLinter;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.DeploymentBuilder;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.impl.persistence.entity.DeploymentEntity;

import org.springframework.stereotype.Service;

/**
 * The one way BPMN files become deployed process definitions: every file is read safely
 * and checked first; all files of one request go into a single engine deployment, so a
 * request is deployed whole or not at all. Labels files ({@code *.labels.json}, named by
 * classify steps) are checked and deployed as resources of the same deployment. Identical
 * re-deployments are filtered by name, so deploying unchanged files creates no new
 * versions.
 */
@Service
public class ProcessDeployer {

	private final RepositoryService repositoryService;

	private final SafeBpmnReader reader;

	private final ReadinessLinter linter;

	private final AiProperties aiProperties;

	private final DeploymentLock lock;

	ProcessDeployer(RepositoryService repositoryService, SafeBpmnReader reader, ReadinessLinter linter,
			AiProperties aiProperties, DeploymentLock lock) {
		this.aiProperties = aiProperties;
		this.lock = lock;
		this.repositoryService = repositoryService;
		this.reader = reader;
		this.linter = linter;
	}

	/**
	 * Deploy the files as one deployment.
	 * @param files the BPMN files
	 * @param name the deployment name; re-deploying identical files under the same name
	 * is a no-op
	 * @throws DeploymentProblemException naming every file that cannot be read and why
	 * @throws DeploymentRefusedException when a file has readiness errors, with every
	 * file's findings
	 */
	public DeploymentResult deploy(List<BpmnSource> files, String name) {
		List<InvalidBpmnException> problems = new ArrayList<>();
		List<FileReport> reports = new ArrayList<>();
		Set<String> resourceNames = new HashSet<>();
		for (BpmnSource file : files) {
			if (!resourceNames.add(resourceName(file))) {
				problems.add(new InvalidBpmnException(file.fileName(), null,
						"a file with the same name is already part of this request"));
			}
		}
		Set<String> labelsFiles = new HashSet<>();
		for (BpmnSource file : files) {
			if (LabelsFile.isLabelsFileName(resourceName(file))) {
				labelsFiles.add(resourceName(file));
				problems.addAll(checkLabelsFile(file));
			}
		}
		if (labelsFiles.size() == files.size()) {
			problems.add(new InvalidBpmnException(name, null,
					"labels files are deployed together with the BPMN files whose classify steps name them"));
		}
		for (BpmnSource file : files) {
			if (LabelsFile.isLabelsFileName(resourceName(file))) {
				continue;
			}
			try {
				BpmnModel model = this.reader.read(file);
				reports.add(this.linter.lint(file, model, labelsFiles));
			}
			catch (InvalidBpmnException ex) {
				problems.add(ex);
			}
		}
		if (!problems.isEmpty()) {
			throw new DeploymentProblemException(problems);
		}
		// The engine's own gate checks again inside the deploy transaction, for every
		// route; checking here first answers with all files' findings and touches
		// nothing.
		if (reports.stream().anyMatch(FileReport::hasErrors)) {
			throw new DeploymentRefusedException(reports);
		}
		DeploymentBuilder builder = this.repositoryService.createDeployment().name(name).enableDuplicateFiltering();
		files.forEach((file) -> builder.addBytes(resourceName(file), file.content()));
		// One deployment at a time, cluster-wide: concurrent uploads of the same file
		// give
		// one version, the others find it and report "no new version".
		Deployment deployment = this.lock.run("steadyflow-deployment", Duration.ofMinutes(1), builder::deploy);
		boolean created = !(deployment instanceof DeploymentEntity entity) || entity.isNew();
		List<DeployedDefinition> definitions = this.repositoryService.createProcessDefinitionQuery()
			.deploymentId(deployment.getId())
			.orderByProcessDefinitionKey()
			.asc()
			.list()
			.stream()
			.map(DeployedDefinition::of)
			.toList();
		List<FileReport> warnings = reports.stream().filter((report) -> !report.findings().isEmpty()).toList();
		return new DeploymentResult(deployment.getId(), deployment.getName(),
				deployment.getDeploymentTime().toInstant(), created, definitions, warnings);
	}

	/**
	 * Deploy one diagram (from the modeler) together with the labels files its classify
	 * steps name: each as deployed last under the same deployment name, else from
	 * {@code steadyflow.ai.labels-location}. A new version of the diagram thus keeps the
	 * examples of the one before it without the author sending them again.
	 */
	public DeploymentResult deployWithItsLabels(BpmnSource diagram) {
		List<BpmnSource> files = new ArrayList<>(List.of(diagram));
		BpmnModel model;
		try {
			model = this.reader.read(diagram);
		}
		catch (InvalidBpmnException ex) {
			return deploy(files, resourceName(diagram));
		}
		List<String> previous = model.getProcesses()
			.stream()
			.map((process) -> this.repositoryService.createProcessDefinitionQuery()
				.processDefinitionKey(process.getId())
				.latestVersion()
				.singleResult())
			.filter(Objects::nonNull)
			.map(ProcessDefinition::getDeploymentId)
			.toList();
		for (String labels : AiStepFields.labelsFiles(model)) {
			if (LabelsFile.isLabelsFileName(labels)) {
				labelsFile(previous, labels).ifPresent(files::add);
			}
		}
		return deploy(files, resourceName(diagram));
	}

	private Optional<BpmnSource> labelsFile(List<String> previousDeployments, String labels) {
		try {
			for (String deploymentId : previousDeployments) {
				if (this.repositoryService.getDeploymentResourceNames(deploymentId).contains(labels)) {
					try (InputStream in = this.repositoryService.getResourceAsStream(deploymentId, labels)) {
						return Optional.of(new BpmnSource(labels, in.readAllBytes()));
					}
				}
			}
			Path file = this.aiProperties.labelsLocation().resolve(labels);
			return Files.isRegularFile(file) ? Optional.of(new BpmnSource(labels, Files.readAllBytes(file)))
					: Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<InvalidBpmnException> checkLabelsFile(BpmnSource file) {
		long limit = this.reader.limits().maxFileSize().toBytes();
		if (file.content().length > limit) {
			return List.of(new InvalidBpmnException(file.fileName(), null,
					"the labels file is larger than the limit of " + limit + " bytes (steadyflow.bpmn.max-file-size)"));
		}
		return LabelsFile.problems(file.content())
			.stream()
			.map((problem) -> new InvalidBpmnException(file.fileName(), problem.line(), "the labels file " + problem))
			.toList();
	}

	/**
	 * The labels files ({@code sf:aiLabels}) that the classify steps of a BPMN file name;
	 * none when the file cannot be read (deploying it reports why).
	 */
	Set<String> labelsFilesNamedIn(BpmnSource file) {
		try {
			return AiStepFields.labelsFiles(this.reader.read(file));
		}
		catch (RuntimeException ex) {
			return Set.of();
		}
	}

	/**
	 * Whether the file holds an example workflow: a process marked
	 * {@code sf:example="true"}. An unreadable file is not one (its deployment reports
	 * why it cannot be read).
	 */
	boolean isExample(BpmnSource file) {
		try {
			return this.reader.read(file)
				.getProcesses()
				.stream()
				.anyMatch(
						(process) -> "true".equalsIgnoreCase(process.getAttributeValue(AiStepFields.SF_NS, "example")));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Resources are stored under their base name; the engine picks BPMN files by suffix.
	 */
	static String resourceName(BpmnSource file) {
		String name = file.fileName();
		int cut = Math.max(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')), name.lastIndexOf('!'));
		return name.substring(cut + 1);
	}

}
