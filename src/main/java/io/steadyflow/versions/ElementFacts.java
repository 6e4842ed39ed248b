package io.steadyflow.versions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.ErrorEventDefinition;
import org.flowable.bpmn.model.EscalationEventDefinition;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.ExtensionAttribute;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowableListener;
import org.flowable.bpmn.model.Gateway;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.MultiInstanceLoopCharacteristics;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.SignalEventDefinition;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.TaskWithFieldExtensions;
import org.flowable.bpmn.model.TerminateEventDefinition;
import org.flowable.bpmn.model.TimerEventDefinition;
import org.flowable.bpmn.model.UserTask;

/**
 * What an element is, as the attributes a reader or the engine cares about, each as text
 * under a readable name: who does a step (assignee, candidates), its form, the tool and
 * its fields, retries, timers, conditions, listeners and every attribute of another
 * namespace ({@code sf:owner}, {@code sf:aiThreshold}, ...). Two versions of an element
 * differ exactly where these differ. Positions in the drawing are not facts.
 */
final class ElementFacts {

	static final String STEADYFLOW_NAMESPACE = "urn:steadyflow:bpmn";

	private ElementFacts() {
	}

	/**
	 * The BPMN type, with the kind of event where it has one: "boundaryEvent (timer)".
	 */
	static String type(FlowElement element) {
		String simple = element.getClass().getSimpleName();
		String type = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
		if (element instanceof Event event && !event.getEventDefinitions().isEmpty()) {
			return type + " (" + eventKind(event.getEventDefinitions().get(0)) + ")";
		}
		return type;
	}

	static Map<String, String> of(Process process) {
		Map<String, String> facts = new LinkedHashMap<>();
		put(facts, "name", process.getName());
		put(facts, "documentation", process.getDocumentation());
		put(facts, "candidateStarterGroups", join(process.getCandidateStarterGroups()));
		put(facts, "candidateStarterUsers", join(process.getCandidateStarterUsers()));
		put(facts, "executable", process.isExecutable() ? null : "false");
		listeners(facts, "listener", process.getExecutionListeners());
		otherNamespaces(facts, process);
		return facts;
	}

	static Map<String, String> of(FlowElement element) {
		Map<String, String> facts = new LinkedHashMap<>();
		put(facts, "type", type(element));
		put(facts, "name", element.getName());
		put(facts, "documentation", element.getDocumentation());
		if (element instanceof SequenceFlow flow) {
			put(facts, "source", flow.getSourceRef());
			put(facts, "target", flow.getTargetRef());
			put(facts, "condition", flow.getConditionExpression());
			put(facts, "skipExpression", flow.getSkipExpression());
		}
		if (element instanceof UserTask task) {
			put(facts, "assignee", task.getAssignee());
			put(facts, "owner", task.getOwner());
			put(facts, "candidateUsers", join(task.getCandidateUsers()));
			put(facts, "candidateGroups", join(task.getCandidateGroups()));
			put(facts, "formKey", task.getFormKey());
			put(facts, "dueDate", task.getDueDate());
			put(facts, "priority", task.getPriority());
			put(facts, "category", task.getCategory());
			listeners(facts, "taskListener", task.getTaskListeners());
		}
		if (element instanceof ServiceTask task) {
			put(facts, "serviceType", task.getType());
			put(facts, "implementation", (task.getImplementation() != null)
					? task.getImplementationType() + " " + task.getImplementation() : null);
			put(facts, "resultVariable", task.getResultVariableName());
			put(facts, "skipExpression", task.getSkipExpression());
		}
		if (element instanceof TaskWithFieldExtensions task) {
			for (FieldExtension field : task.getFieldExtensions()) {
				put(facts, "field " + field.getFieldName(),
						(field.getExpression() != null) ? field.getExpression() : field.getStringValue());
			}
		}
		if (element instanceof ScriptTask task) {
			put(facts, "scriptFormat", task.getScriptFormat());
			put(facts, "script", task.getScript());
		}
		if (element instanceof CallActivity call) {
			put(facts, "calledElement", call.getCalledElement());
		}
		if (element instanceof StartEvent start) {
			put(facts, "formKey", start.getFormKey());
			put(facts, "initiator", start.getInitiator());
		}
		if (element instanceof Activity activity) {
			put(facts, "async", activity.isAsynchronous() ? "true" : null);
			put(facts, "retries", activity.getFailedJobRetryTimeCycleValue());
			put(facts, "defaultFlow", activity.getDefaultFlow());
			put(facts, "multiInstance", multiInstance(activity.getLoopCharacteristics()));
		}
		if (element instanceof Gateway gateway) {
			put(facts, "defaultFlow", gateway.getDefaultFlow());
		}
		if (element instanceof BoundaryEvent boundary) {
			put(facts, "attachedTo", boundary.getAttachedToRefId());
			put(facts, "interrupting", Boolean.toString(boundary.isCancelActivity()));
		}
		if (element instanceof Event event) {
			for (EventDefinition definition : event.getEventDefinitions()) {
				put(facts, eventKind(definition), eventDetail(definition));
			}
		}
		listeners(facts, "listener", element.getExecutionListeners());
		otherNamespaces(facts, element);
		return facts;
	}

	private static String eventKind(EventDefinition definition) {
		if (definition instanceof TimerEventDefinition) {
			return "timer";
		}
		if (definition instanceof ErrorEventDefinition) {
			return "error";
		}
		if (definition instanceof MessageEventDefinition) {
			return "message";
		}
		if (definition instanceof SignalEventDefinition) {
			return "signal";
		}
		if (definition instanceof EscalationEventDefinition) {
			return "escalation";
		}
		if (definition instanceof TerminateEventDefinition) {
			return "terminate";
		}
		String simple = definition.getClass().getSimpleName().replace("EventDefinition", "");
		return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
	}

	private static String eventDetail(EventDefinition definition) {
		if (definition instanceof TimerEventDefinition timer) {
			if (timer.getTimeDuration() != null) {
				return "after " + timer.getTimeDuration();
			}
			if (timer.getTimeDate() != null) {
				return "at " + timer.getTimeDate();
			}
			return (timer.getTimeCycle() != null) ? "every " + timer.getTimeCycle() : "(no time)";
		}
		if (definition instanceof ErrorEventDefinition error) {
			return (error.getErrorCode() != null) ? error.getErrorCode() : "(any error)";
		}
		if (definition instanceof MessageEventDefinition message) {
			return Objects.requireNonNullElse(message.getMessageRef(), message.getMessageExpression());
		}
		if (definition instanceof SignalEventDefinition signal) {
			return Objects.requireNonNullElse(signal.getSignalRef(), signal.getSignalExpression());
		}
		if (definition instanceof EscalationEventDefinition escalation) {
			return escalation.getEscalationCode();
		}
		return "yes";
	}

	private static String multiInstance(MultiInstanceLoopCharacteristics loop) {
		if (loop == null) {
			return null;
		}
		List<String> parts = new ArrayList<>();
		parts.add(loop.isSequential() ? "sequential" : "parallel");
		if (loop.getInputDataItem() != null) {
			parts.add("over " + loop.getInputDataItem());
		}
		if (loop.getLoopCardinality() != null) {
			parts.add(loop.getLoopCardinality() + " times");
		}
		if (loop.getCompletionCondition() != null) {
			parts.add("until " + loop.getCompletionCondition());
		}
		return String.join(", ", parts);
	}

	private static void listeners(Map<String, String> facts, String label, List<FlowableListener> listeners) {
		for (FlowableListener listener : listeners) {
			put(facts, label + " " + listener.getEvent(), listener.getImplementation());
		}
	}

	/**
	 * Attributes of other namespaces: Steadyflow's as {@code sf:name}, others with their
	 * prefix.
	 */
	private static void otherNamespaces(Map<String, String> facts, BaseElement element) {
		for (List<ExtensionAttribute> attributes : element.getAttributes().values()) {
			for (ExtensionAttribute attribute : attributes) {
				String prefix = STEADYFLOW_NAMESPACE.equals(attribute.getNamespace()) ? "sf"
						: attribute.getNamespacePrefix();
				put(facts, (prefix != null && !prefix.isEmpty()) ? prefix + ":" + attribute.getName()
						: attribute.getName(), attribute.getValue());
			}
		}
	}

	private static String join(Collection<String> values) {
		return (values == null || values.isEmpty()) ? null : values.stream().collect(Collectors.joining(","));
	}

	private static void put(Map<String, String> facts, String name, String value) {
		if (value != null && !value.isBlank()) {
			String key = name;
			// a listener or field named twice is kept twice
			for (int n = 2; facts.containsKey(key); n++) {
				key = name + " #" + n;
			}
			facts.put(key, value.strip());
		}
	}

}
