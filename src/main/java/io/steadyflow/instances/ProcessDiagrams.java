package io.steadyflow.instances;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.security.Caller;
import org.flowable.bpmn.BpmnAutoLayout;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.image.impl.DefaultProcessDiagramGenerator;

import org.springframework.stereotype.Service;

/**
 * An instance's diagram as a PNG from Flowable's image generator, with the steps it waits
 * in and the path it took so far highlighted.
 */
@Service
public class ProcessDiagrams {

	private final InstanceQueries queries;

	private final RepositoryService repositoryService;

	private final HistoryService historyService;

	private final DefaultProcessDiagramGenerator generator = new DefaultProcessDiagramGenerator();

	/**
	 * Diagrams deployed without diagram interchange, laid out once per definition (a
	 * deployed definition never changes).
	 */
	private final Map<String, BpmnModel> laidOut = new ConcurrentHashMap<>();

	private final SafeBpmnReader reader;

	ProcessDiagrams(InstanceQueries queries, RepositoryService repositoryService, HistoryService historyService,
			SafeBpmnReader reader) {
		this.reader = reader;
		this.queries = queries;
		this.repositoryService = repositoryService;
		this.historyService = historyService;
	}

	/**
	 * A diagram without shapes (a file written by hand or by a tool that leaves out the
	 * diagram interchange) is laid out automatically, from a fresh parse of the deployed
	 * file: the engine's cached model stays as deployed.
	 */
	private BpmnModel layOut(String definitionId) {
		ProcessDefinition definition = this.repositoryService.getProcessDefinition(definitionId);
		try (InputStream resource = this.repositoryService.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			BpmnModel model = this.reader.read(new BpmnSource(definition.getResourceName(), resource.readAllBytes()));
			new BpmnAutoLayout(model).execute();
			return model;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @throws io.steadyflow.system.ProblemException 404 for an unknown instance, 403 for
	 * one the caller may not see
	 */
	public byte[] png(String instanceId, Caller caller) {
		String definitionId = this.queries.processDefinitionId(instanceId, caller);
		BpmnModel model = this.repositoryService.getBpmnModel(definitionId);
		if (model.getLocationMap().isEmpty()) {
			model = this.laidOut.computeIfAbsent(definitionId, this::layOut);
		}
		List<HistoricActivityInstance> activities = this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instanceId)
			.list();
		List<String> active = activities.stream()
			.filter((activity) -> activity.getEndTime() == null && !"boundaryEvent".equals(activity.getActivityType()))
			.map(HistoricActivityInstance::getActivityId)
			.distinct()
			.toList();
		List<String> flows = activities.stream()
			.filter((activity) -> "sequenceFlow".equals(activity.getActivityType()))
			.map(HistoricActivityInstance::getActivityId)
			.distinct()
			.toList();
		try (InputStream image = this.generator.generateDiagram(model, "png", active, flows, "SansSerif", "SansSerif",
				"SansSerif", null, 1.0, true)) {
			return image.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
