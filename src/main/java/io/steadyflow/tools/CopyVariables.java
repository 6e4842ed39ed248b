package io.steadyflow.tools;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.system.JsonVariables;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Takes values over from a structured variable (such as an AI step's result) into plain
 * process variables: one {@code flowable:field} per target, named as the target variable,
 * whose value is the source, {@code variable.key}. A source that is missing or null
 * leaves the target as it is. It is a plain step, visible in the diagram, so that the AI
 * step itself writes nothing but its own result.
 * <p>
 * The fields are read from the model, not injected into this shared bean (field injection
 * into a singleton delegate is not thread-safe).
 */
@Component("copyVariables")
class CopyVariables implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		FlowElement element = execution.getCurrentFlowElement();
		if (!(element instanceof ServiceTask task) || task.getFieldExtensions().isEmpty()) {
			throw new FlowableException(element.getId() + " names no variables to copy (flowable:field)");
		}
		for (FieldExtension field : task.getFieldExtensions()) {
			String source = (field.getStringValue() != null) ? field.getStringValue().strip() : "";
			int dot = source.indexOf('.');
			if (dot <= 0 || dot == source.length() - 1) {
				throw new FlowableException(element.getId() + ": source '" + source + "' of " + field.getFieldName()
						+ " is not variable.key");
			}
			Object value = value(execution.getVariable(source.substring(0, dot)), source.substring(dot + 1));
			if (value != null) {
				execution.setVariable(field.getFieldName(), value);
			}
		}
	}

	private static Object value(Object container, String key) {
		if (container instanceof JsonNode json) {
			return JsonVariables.toValue(json.get(key));
		}
		if (container instanceof Map<?, ?> map) {
			return map.get(key);
		}
		return null;
	}

}
