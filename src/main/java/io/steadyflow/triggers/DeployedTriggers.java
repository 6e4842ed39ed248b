package io.steadyflow.triggers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Component;

/**
 * The triggers that the latest active version of every deployed process declares, read
 * from the engine's deployment cache. Older versions keep their waiting instances (their
 * message subscriptions are the engine's), but only the latest version starts new ones.
 */
@Component
public class DeployedTriggers {

	private final RepositoryService repositoryService;

	private final Map<String, List<DeclaredTrigger>> byDefinition = new ConcurrentHashMap<>();

	DeployedTriggers(RepositoryService repositoryService) {
		this.repositoryService = repositoryService;
	}

	/** Every trigger of the latest versions. */
	public List<DeclaredTrigger> all() {
		List<DeclaredTrigger> triggers = new ArrayList<>();
		for (ProcessDefinition definition : this.repositoryService.createProcessDefinitionQuery()
			.latestVersion()
			.active()
			.list()) {
			triggers.addAll(this.byDefinition.computeIfAbsent(definition.getId(), this::read));
		}
		return triggers;
	}

	List<DeclaredTrigger> webhook(String name) {
		return all().stream().filter((trigger) -> name.equals(trigger.webhook())).toList();
	}

	List<DeclaredTrigger> queue(String name) {
		return all().stream().filter((trigger) -> name.equals(trigger.queue())).toList();
	}

	List<DeclaredTrigger> message(String name) {
		return all().stream().filter((trigger) -> name.equals(trigger.messageName())).toList();
	}

	/** The trigger declared on an element of a definition (any version), if any. */
	DeclaredTrigger at(String processDefinitionId, String elementId) {
		return this.byDefinition.computeIfAbsent(processDefinitionId, this::read)
			.stream()
			.filter((trigger) -> trigger.elementId().equals(elementId))
			.findFirst()
			.orElse(null);
	}

	private List<DeclaredTrigger> read(String processDefinitionId) {
		ProcessDefinition definition = this.repositoryService.getProcessDefinition(processDefinitionId);
		BpmnModel model = this.repositoryService.getBpmnModel(processDefinitionId);
		Process process = model.getProcessById(definition.getKey());
		List<DeclaredTrigger> triggers = new ArrayList<>();
		if (process != null) {
			collect(model, definition, process, triggers);
		}
		return List.copyOf(triggers);
	}

	private static void collect(BpmnModel model, ProcessDefinition definition, FlowElementsContainer container,
			List<DeclaredTrigger> triggers) {
		for (FlowElement element : container.getFlowElements()) {
			if (element instanceof FlowElementsContainer nested) {
				collect(model, definition, nested, triggers);
			}
			boolean start;
			boolean waits;
			String message;
			if (element instanceof Event event) {
				start = event instanceof StartEvent && container instanceof Process;
				waits = event instanceof IntermediateCatchEvent || event instanceof BoundaryEvent;
				message = messageName(model, event);
			}
			else if (element instanceof ReceiveTask task) {
				// a receive task with a messageRef waits like a message catch event
				start = false;
				waits = true;
				message = TriggerAttributes.receiveTaskMessage(model, task);
			}
			else {
				continue;
			}
			String webhook = TriggerAttributes.of(element, TriggerAttributes.WEBHOOK);
			String queue = TriggerAttributes.of(element, TriggerAttributes.QUEUE);
			if (!(start && (message != null || webhook != null || queue != null)) && !(waits && message != null)) {
				continue;
			}
			triggers.add(new DeclaredTrigger(definition.getId(), definition.getKey(), element.getId(), start, message,
					webhook, queue, mapping(element), TriggerAttributes.of(element, TriggerAttributes.BUSINESS_KEY),
					TriggerAttributes.of(element, TriggerAttributes.CORRELATION_KEY), ttl(element), senders(element)));
		}
	}

	/**
	 * The name of the message an event waits for: modelers reference the declared message
	 * by id, Flowable may have replaced the reference by its name.
	 */
	static String messageName(BpmnModel model, Event event) {
		return event.getEventDefinitions()
			.stream()
			.filter(MessageEventDefinition.class::isInstance)
			.map((definition) -> ((MessageEventDefinition) definition).getMessageRef())
			.filter(Objects::nonNull)
			.map((ref) -> {
				Message declared = model.getMessage(ref);
				return (declared != null && declared.getName() != null) ? declared.getName() : ref;
			})
			.findFirst()
			.orElse(null);
	}

	private static PayloadMapping mapping(FlowElement event) {
		String declared = TriggerAttributes.of(event, TriggerAttributes.MAP);
		try {
			return (declared != null) ? PayloadMapping.parse(declared) : null;
		}
		catch (IllegalArgumentException ex) {
			// the readiness rules refuse such a diagram; one deployed before them maps
			// nothing
			return null;
		}
	}

	private static Duration ttl(FlowElement event) {
		String declared = TriggerAttributes.of(event, TriggerAttributes.MESSAGE_TTL);
		try {
			return (declared != null) ? Duration.parse(declared) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static List<String> senders(FlowElement event) {
		String declared = TriggerAttributes.of(event, TriggerAttributes.SENDERS);
		return (declared == null) ? List.of()
				: Arrays.stream(declared.split(",")).map(String::strip).filter((s) -> !s.isEmpty()).toList();
	}

}
