package io.steadyflow.tools;

import org.flowable.bpmn.model.FieldExtension;
import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.DelegateHelper;

/**
 * The {@code flowable:field}s of the step being executed, read from the model on every
 * call: tool beans are singletons shared by every step that uses them, so fields are
 * never injected into them (see EngineConfiguration).
 */
final class StepFields {

	private final DelegateExecution execution;

	StepFields(DelegateExecution execution) {
		this.execution = execution;
	}

	/** The field's value with its expressions evaluated, or {@code null}. */
	String text(String name) {
		Expression expression = DelegateHelper.getFieldExpression(this.execution, name);
		Object value = (expression != null) ? expression.getValue(this.execution) : null;
		if (value == null) {
			return null;
		}
		String text = value.toString().trim();
		return text.isEmpty() ? null : text;
	}

	String text(String name, String fallback) {
		String value = text(name);
		return (value != null) ? value : fallback;
	}

	/** The field's value, which the step must set. */
	String required(String name) {
		String value = text(name);
		if (value == null) {
			throw new ToolFailure("Step '" + activityId() + "' needs the field '" + name + "'");
		}
		return value;
	}

	/** The field as written in the diagram, expressions not evaluated (templates). */
	String raw(String name) {
		FieldExtension field = DelegateHelper.getField(this.execution, name);
		if (field == null) {
			return null;
		}
		String value = (field.getStringValue() != null) ? field.getStringValue() : field.getExpression();
		return (value == null || value.isBlank()) ? null : value;
	}

	String activityId() {
		return this.execution.getCurrentActivityId();
	}

}
