package io.steadyflow.forms;

import java.util.Map;

/**
 * A submitted form after server-side validation.
 *
 * @param variables the typed process variables to write (only when valid)
 * @param errors input name → what is wrong, in words a person can act on
 * @param submitted input name → what the person typed, to show the form again
 */
public record FormBinding(Map<String, Object> variables, Map<String, String> errors, Map<String, String> submitted) {

	public boolean hasErrors() {
		return !this.errors.isEmpty();
	}

}
