package io.steadyflow.readiness;

/**
 * One thing the linter found in a BPMN file.
 *
 * @param rule the rule id, e.g. {@code human-assignment}; {@code parse} when the file
 * cannot be read, {@code flowable-validation} for problems reported by Flowable's own
 * validator
 * @param severity error (refuses deployment), warning or info
 * @param processId the process the finding is about, {@code null} for file-level findings
 * @param elementId the element the finding is about (the process id for process-level
 * findings), {@code null} when there is none
 * @param elementName that element's name, {@code null} when unnamed
 * @param line the 1-based XML line of the element, {@code null} when unknown
 * @param message what is wrong
 * @param hint how to fix it
 */
public record Finding(String rule, Severity severity, String processId, String elementId, String elementName,
		Integer line, String message, String hint) {

	Finding withSeverity(Severity newSeverity, String note) {
		return new Finding(this.rule, newSeverity, this.processId, this.elementId, this.elementName, this.line,
				this.message + " (" + note + ")", this.hint);
	}

}
