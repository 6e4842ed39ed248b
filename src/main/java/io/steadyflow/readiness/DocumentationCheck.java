package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.isBlank;
import static io.steadyflow.readiness.ProcessView.kind;
import static io.steadyflow.readiness.ProcessView.label;

import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;

/**
 * {@code documentation}: the process's generated documentation carries the
 * {@code <documentation>} authors wrote in the diagram verbatim, so a process without a
 * purpose, or a step without a word on what is done there, is documented by its shape
 * alone. Events and gateways say what they do by their names and conditions.
 */
final class DocumentationCheck implements ReadinessCheck {

	@Override
	public void check(ProcessView view, Findings findings) {
		Process process = view.process();
		if (isBlank(process.getDocumentation())) {
			findings.add(ReadinessRule.DOCUMENTATION, Severity.WARNING, process, process,
					"Process '" + process.getId() + "' does not say what it is for: its documentation has no purpose",
					"Add <documentation> to <process id=\"" + process.getId()
							+ "\">: what the process achieves, for whom, and how it goes in a few sentences.");
		}
		for (FlowElement element : view.elements()) {
			if (element instanceof Activity && isBlank(element.getDocumentation())) {
				findings.add(ReadinessRule.DOCUMENTATION, Severity.WARNING, process, element,
						"The " + kind(element) + " " + label(element)
								+ " has no documentation: the generated documentation can only list its settings",
						"Add <documentation> to the step: what is done there, what it needs and what it leaves "
								+ "(the modeler's Documentation field).");
			}
		}
	}

}
