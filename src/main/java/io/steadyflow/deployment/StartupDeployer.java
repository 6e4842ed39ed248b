package io.steadyflow.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.steadyflow.ai.AiProperties;
import io.steadyflow.ai.LabelsFile;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.readiness.DeploymentRefusedException;
import io.steadyflow.readiness.FileReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Deploys every BPMN file of the processes directory at start-up, each file as its own
 * deployment named after the file, together with the labels files its classify steps name
 * ({@code sf:aiLabels}): an unchanged file creates no new version, a changed one does,
 * and a broken one is reported by name without keeping the others from deploying. With
 * {@code steadyflow.examples.enabled=false} the diagrams marked {@code sf:example="true"}
 * are left out. Nodes of a cluster take a database lock so that two nodes starting
 * together do not both deploy a changed file.
 */
@Component
class StartupDeployer implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(StartupDeployer.class);

	private final DeploymentProperties properties;

	private final ProcessDeployer deployer;

	private final DeploymentLock lock;

	private final AiProperties aiProperties;

	private final ExamplesProperties examples;

	StartupDeployer(DeploymentProperties properties, ProcessDeployer deployer, DeploymentLock lock,
			AiProperties aiProperties, ExamplesProperties examples) {
		this.properties = properties;
		this.examples = examples;
		this.aiProperties = aiProperties;
		this.deployer = deployer;
		this.lock = lock;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (!this.properties.deployAtStartup()) {
			return;
		}
		Path directory = this.properties.processesLocation().toAbsolutePath().normalize();
		if (!Files.isDirectory(directory)) {
			logger.warn("Processes directory {} does not exist; nothing deployed at start-up", directory);
			return;
		}
		List<Path> files;
		try (Stream<Path> listing = Files.list(directory)) {
			files = listing.filter(Files::isRegularFile)
				.filter((path) -> BpmnSource.isBpmnFileName(path.getFileName().toString()))
				.sorted()
				.toList();
		}
		this.lock.run("steadyflow-startup-deployment", Duration.ofMinutes(5), () -> {
			deployAll(directory, files);
			return null;
		});
	}

	private void deployAll(Path directory, List<Path> files) {
		int deployed = 0;
		int unchanged = 0;
		int failed = 0;
		int skipped = 0;
		for (Path path : files) {
			String fileName = path.getFileName().toString();
			try {
				BpmnSource bpmn = new BpmnSource(fileName, Files.readAllBytes(path));
				if (!this.examples.enabled() && this.deployer.isExample(bpmn)) {
					skipped++;
					logger.info("Not deployed: {} is an example workflow (sf:example) and steadyflow.examples.enabled "
							+ "is false", fileName);
					continue;
				}
				List<BpmnSource> deployment = new ArrayList<>(List.of(bpmn));
				for (String labels : this.deployer.labelsFilesNamedIn(bpmn)) {
					labelsFile(directory, labels).ifPresent(deployment::add);
				}
				DeploymentResult result = this.deployer.deploy(deployment, fileName);
				result.warnings()
					.forEach((report) -> logger.warn("Readiness findings:{}{}", System.lineSeparator(),
							report.toLogBlock()));
				if (result.newVersion()) {
					deployed++;
					result.processDefinitions()
						.forEach((definition) -> logger.info("Deployed {}: {} version {}", fileName, definition.key(),
								definition.version()));
				}
				else {
					unchanged++;
				}
			}
			catch (DeploymentRefusedException ex) {
				failed++;
				ex.getReports()
					.stream()
					.filter(FileReport::hasErrors)
					.forEach((report) -> logger.error("Not deployed: {}{}", System.lineSeparator(),
							report.toLogBlock()));
			}
			catch (DeploymentProblemException ex) {
				failed++;
				ex.getProblems().forEach((problem) -> logger.error("Not deployed: {}", problem.getMessage()));
			}
			catch (IOException | RuntimeException ex) {
				failed++;
				logger.error("Not deployed: {}: {}", fileName, ex.getMessage());
			}
		}
		logger.info("Processes in {}: {} deployed, {} unchanged, {} not deployed{}", directory, deployed, unchanged,
				failed, (skipped > 0) ? ", " + skipped + " example(s) skipped" : "");
	}

	/**
	 * A labels file named by a classify step, from the processes directory or else from
	 * {@code steadyflow.ai.labels-location}; none when it is in neither (the readiness
	 * rule {@code ai-config} reports it).
	 */
	private Optional<BpmnSource> labelsFile(Path directory, String name) throws IOException {
		if (!LabelsFile.isLabelsFileName(name)) {
			return Optional.empty();
		}
		for (Path folder : List.of(directory, this.aiProperties.labelsLocation())) {
			Path file = folder.resolve(name);
			if (Files.isRegularFile(file)) {
				return Optional.of(new BpmnSource(name, Files.readAllBytes(file)));
			}
		}
		return Optional.empty();
	}

}
