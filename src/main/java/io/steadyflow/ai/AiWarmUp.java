package io.steadyflow.ai;

import org.flowable.bpmn.model.BpmnModel;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When the application is ready, loads the embedding model and embeds the labels files of
 * the latest deployed classify steps in a background thread, so that the first ticket
 * after a start-up is classified without waiting seconds for them
 * ({@code steadyflow.ai.warm-up}).
 */
@Component
class AiWarmUp {

	private static final Logger log = LoggerFactory.getLogger(AiWarmUp.class);

	private final AiProperties properties;

	private final RepositoryService repositoryService;

	private final EmbeddingClassifier classifier;

	AiWarmUp(AiProperties properties, RepositoryService repositoryService, EmbeddingClassifier classifier) {
		this.properties = properties;
		this.repositoryService = repositoryService;
		this.classifier = classifier;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		if (!this.properties.warmUp()) {
			return;
		}
		Thread thread = new Thread(this::warmUp, "steadyflow-ai-warm-up");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		thread.start();
	}

	void warmUp() {
		for (ProcessDefinition definition : this.repositoryService.createProcessDefinitionQuery()
			.latestVersion()
			.list()) {
			BpmnModel model;
			try {
				model = this.repositoryService.getBpmnModel(definition.getId());
			}
			catch (RuntimeException ex) {
				log.warn("AI warm-up skipped {}: {}", definition.getKey(), ex.getMessage());
				continue;
			}
			for (String labelsFile : AiStepFields.labelsFiles(model)) {
				try {
					this.classifier.warmUp(definition.getDeploymentId(), labelsFile);
				}
				catch (RuntimeException ex) {
					// the step reports the same problem when it runs
					log.warn("AI warm-up of {} for {} failed: {}", labelsFile, definition.getKey(), ex.getMessage());
				}
			}
		}
	}

}
