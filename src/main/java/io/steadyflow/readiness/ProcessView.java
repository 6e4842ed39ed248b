package io.steadyflow.readiness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.BusinessRuleTask;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.ExtensionAttribute;
import org.flowable.bpmn.model.ExternalWorkerServiceTask;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SendTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;

/**
 * One process of a parsed model, indexed once for all rules: every flow element down
 * through sub-processes, and the boundary events of each activity. The generated process
 * documentation reads the diagram through it too, so both judge an element alike.
 */
public final class ProcessView {

	public static final String SF_NS = "urn:steadyflow:bpmn";

	static final String FLOWABLE_NS = "http://flowable.org/bpmn";

	private final BpmnModel model;

	private final Process process;

	private final List<FlowElement> elements = new ArrayList<>();

	private final Map<String, List<BoundaryEvent>> boundaryEvents = new HashMap<>();

	private final Set<String> deployedWith;

	private final Map<String, byte[]> deployedContent;

	public ProcessView(BpmnModel model, Process process) {
		this(model, process, Set.of());
	}

	/**
	 * @param deployedWith the names of the other resources of the deployment (labels
	 * files)
	 */
	ProcessView(BpmnModel model, Process process, Set<String> deployedWith) {
		this(model, process, deployedWith, Map.of());
	}

	/**
	 * @param deployedWith the names of the other resources of the deployment (labels
	 * files)
	 * @param deployedContent the content of those of them that are known (labels files
	 * arriving with the diagram)
	 */
	ProcessView(BpmnModel model, Process process, Set<String> deployedWith, Map<String, byte[]> deployedContent) {
		this.model = model;
		this.process = process;
		this.deployedWith = Set.copyOf(deployedWith);
		this.deployedContent = Map.copyOf(deployedContent);
		collect(process.getFlowElements());
		for (FlowElement element : this.elements) {
			if (element instanceof BoundaryEvent boundary && boundary.getAttachedToRefId() != null) {
				this.boundaryEvents.computeIfAbsent(boundary.getAttachedToRefId(), (id) -> new ArrayList<>())
					.add(boundary);
			}
		}
	}

	private void collect(Collection<FlowElement> flowElements) {
		for (FlowElement element : flowElements) {
			this.elements.add(element);
			if (element instanceof SubProcess subProcess) {
				collect(subProcess.getFlowElements());
			}
		}
	}

	Set<String> deployedWith() {
		return this.deployedWith;
	}

	/**
	 * The content of a resource deployed with the diagram, or {@code null} if unknown.
	 */
	byte[] deployedContent(String name) {
		return this.deployedContent.get(name);
	}

	BpmnModel model() {
		return this.model;
	}

	Process process() {
		return this.process;
	}

	/** Every flow element of the process, sub-process contents included. */
	public List<FlowElement> elements() {
		return this.elements;
	}

	public <T> List<T> elements(Class<T> type) {
		return this.elements.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public List<BoundaryEvent> boundaryEventsOf(BaseElement activity) {
		return this.boundaryEvents.getOrDefault(activity.getId(), List.of());
	}

	/**
	 * The boundary events that catch for an activity: its own and those of every
	 * sub-process it sits in, since an error or a timer there also ends or escalates it.
	 */
	List<BoundaryEvent> boundaryEventsAround(FlowElement element) {
		List<BoundaryEvent> around = new ArrayList<>(boundaryEventsOf(element));
		for (SubProcess parent = element.getSubProcess(); parent != null; parent = parent.getSubProcess()) {
			around.addAll(boundaryEventsOf(parent));
		}
		return around;
	}

	/**
	 * The start events of the event sub-processes that can catch for an element: those in
	 * its own container and in every container around it.
	 */
	List<StartEvent> eventSubProcessStartsAround(FlowElement element) {
		List<StartEvent> starts = new ArrayList<>();
		FlowElementsContainer container = containerOf(element);
		while (container != null) {
			for (FlowElement sibling : container.getFlowElements()) {
				if (sibling instanceof EventSubProcess eventSubProcess && eventSubProcess != element) {
					eventSubProcess.getFlowElements()
						.stream()
						.filter(StartEvent.class::isInstance)
						.map(StartEvent.class::cast)
						.forEach(starts::add);
				}
			}
			container = (container instanceof SubProcess subProcess) ? containerOf(subProcess) : null;
		}
		return starts;
	}

	FlowElementsContainer containerOf(FlowElement element) {
		return (element.getSubProcess() != null) ? element.getSubProcess() : this.process;
	}

	static boolean hasDefinition(org.flowable.bpmn.model.Event event, Class<? extends EventDefinition> type) {
		return event.getEventDefinitions().stream().anyMatch(type::isInstance);
	}

	/**
	 * A task that calls a tool: it acts outside the engine, so it can fail for reasons
	 * the process does not control. External worker tasks are excluded: the engine only
	 * waits for them and their failures are handled by the worker's own retries.
	 */
	public static boolean isToolTask(FlowElement element) {
		if (element instanceof ServiceTask serviceTask) {
			return !(serviceTask instanceof ExternalWorkerServiceTask)
					&& !ServiceTask.EXTERNAL_WORKER_TASK.equals(serviceTask.getType())
					&& !ServiceTask.EXTERNAL_WORKER_TASK_LEGACY.equals(serviceTask.getType());
		}
		return element instanceof SendTask || element instanceof BusinessRuleTask;
	}

	public static boolean isAiStep(FlowElement element) {
		return element instanceof Activity && !isBlank(element.getAttributeValue(SF_NS, "ai"));
	}

	/**
	 * Whether the element is a service task run by the named delegate bean
	 * ({@code flowable:delegateExpression="${name}"}, spaces ignored).
	 */
	static boolean isDelegate(FlowElement element, String bean) {
		return element instanceof ServiceTask task
				&& ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION.equals(task.getImplementationType())
				&& task.getImplementation() != null
				&& task.getImplementation().replaceAll("\\s+", "").equals("${" + bean + "}");
	}

	static List<SequenceFlow> outgoing(FlowElement element) {
		return (element instanceof FlowNode node) ? node.getOutgoingFlows() : List.of();
	}

	static List<SequenceFlow> incoming(FlowElement element) {
		return (element instanceof FlowNode node) ? node.getIncomingFlows() : List.of();
	}

	/**
	 * An attribute of the Steadyflow namespace, or a note that it was written with
	 * another namespace (a common copy-and-paste slip that would otherwise look like a
	 * missing attribute).
	 */
	static String misplacedAttributeNote(BaseElement element, String name) {
		for (List<ExtensionAttribute> attributes : element.getAttributes().values()) {
			for (ExtensionAttribute attribute : attributes) {
				if (name.equals(attribute.getName()) && !SF_NS.equals(attribute.getNamespace())) {
					return " (an attribute '" + name + "' is there, but in namespace '" + attribute.getNamespace()
							+ "' instead of " + SF_NS + ")";
				}
			}
		}
		return "";
	}

	static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	static Integer line(BaseElement element) {
		return (element != null && element.getXmlRowNumber() > 0) ? element.getXmlRowNumber() : null;
	}

	/**
	 * How people call this kind of element in messages: "user task", "exclusive gateway".
	 */
	public static String kind(FlowElement element) {
		String simple = element.getClass().getSimpleName();
		if (element instanceof ServiceTask serviceTask && !isBlank(serviceTask.getType())) {
			return serviceTask.getType() + " task";
		}
		if (element instanceof EventSubProcess) {
			return "event sub-process";
		}
		return simple.replace("Intermediate", "intermediate ")
			.replaceAll("([a-z])([A-Z])", "$1 $2")
			.toLowerCase(java.util.Locale.ROOT);
	}

	/** "'Approve invoice' (approveInvoice)" or "approveInvoice" when unnamed. */
	static String label(FlowElement element) {
		return isBlank(element.getName()) ? element.getId()
				: "'" + element.getName().strip().replaceAll("\\s+", " ") + "' (" + element.getId() + ")";
	}

}
