package io.steadyflow.ai;

import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.impl.util.CommandContextUtil;

/**
 * The text an AI step reads ({@code sf:aiInput}): one expression's value, or the named
 * variables' values (PDFs by their text layer) one after the other. Read the same way
 * when the step runs and when a person's later decision about the same text is kept as a
 * candidate example.
 */
public final class AiInput {

	private AiInput() {
	}

	/**
	 * @param execution the execution whose variables are read
	 * @param input the step's {@code sf:aiInput}
	 */
	public static String text(DelegateExecution execution, String input) {
		if (input.strip().startsWith("${")) {
			Object value = CommandContextUtil.getProcessEngineConfiguration()
				.getExpressionManager()
				.createExpression(input.strip())
				.getValue(execution);
			return DocumentText.of(value).strip();
		}
		StringBuilder text = new StringBuilder();
		for (String name : input.split(",")) {
			Object value = execution.getVariable(name.strip());
			String part = DocumentText.of(value).strip();
			if (!part.isEmpty()) {
				if (text.length() > 0) {
					text.append("\n\n");
				}
				text.append(part);
			}
		}
		return text.toString();
	}

}
