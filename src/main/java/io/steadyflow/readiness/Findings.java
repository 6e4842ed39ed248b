package io.steadyflow.readiness;

import java.util.ArrayList;
import java.util.List;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;

/** Collects the findings of one file while the rules run. */
final class Findings {

	private final List<Finding> list = new ArrayList<>();

	void add(ReadinessRule rule, Severity severity, Process process, BaseElement element, String message, String hint) {
		String name = (element instanceof FlowElement flowElement) ? flowElement.getName()
				: (element instanceof Process p) ? p.getName() : null;
		this.list.add(new Finding(rule.id(), severity, (process != null) ? process.getId() : null,
				(element != null) ? element.getId() : null, blankToNull(name), ProcessView.line(element), message,
				hint));
	}

	void add(Finding finding) {
		this.list.add(finding);
	}

	List<Finding> list() {
		return this.list;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip().replaceAll("\\s+", " ");
	}

}
