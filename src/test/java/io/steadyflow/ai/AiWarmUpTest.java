package io.steadyflow.ai;

import java.time.Duration;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code steadyflow.ai.warm-up} on (the default outside tests), the labels file of
 * the deployed ticket triage is embedded in the background once the application is ready,
 * before any ticket arrives.
 */
@H2Test
class AiWarmUpTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registry.add("steadyflow.ai.warm-up", () -> "true");
	}

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	EmbeddingClassifier classifier;

	@Test
	void theLabelsOfTheDeployedClassifyStepsAreEmbeddedWithoutAnyClassification() throws InterruptedException {
		ProcessDefinition triage = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey("ticket-triage")
			.latestVersion()
			.singleResult();
		assertThat(this.repositoryService.getDeploymentResourceNames(triage.getDeploymentId()))
			.as("deployed at start-up with its labels file")
			.contains("ticket-triage.labels.json");

		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (!this.classifier.isEmbedded(triage.getDeploymentId(), "ticket-triage.labels.json")
				&& System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(this.classifier.isEmbedded(triage.getDeploymentId(), "ticket-triage.labels.json")).isTrue();
	}

	@Test
	void versionsDeployedWithTheSameExamplesShareOneEmbedding() throws Exception {
		ProcessDefinition triage = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey("ticket-triage")
			.latestVersion()
			.singleResult();
		byte[] bpmn = this.repositoryService.getResourceAsStream(triage.getDeploymentId(), triage.getResourceName())
			.readAllBytes();
		byte[] labels = this.repositoryService
			.getResourceAsStream(triage.getDeploymentId(), "ticket-triage.labels.json")
			.readAllBytes();
		String again = this.repositoryService.createDeployment()
			.name("same examples, new version")
			.addBytes(triage.getResourceName(), bpmn)
			.addBytes("ticket-triage.labels.json", labels)
			.deploy()
			.getId();

		assertThat(this.classifier.index(again, "ticket-triage.labels.json"))
			.isSameAs(this.classifier.index(triage.getDeploymentId(), "ticket-triage.labels.json"));
	}

}
