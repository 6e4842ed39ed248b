package io.steadyflow.tasks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.flowable.bpmn.model.FlowElement;

/**
 * Separation of duties declared on a user task:
 * {@code sf:notSameAs="initiator,reviewInvoice"} — whoever works on the task must not be
 * the person who started the instance, nor one who worked on the named user task of the
 * same instance. The excluded people are recorded on the task as identity links of type
 * {@value #EXCLUDED} when it is created (so that lists can leave the task out), and
 * checked again on every claim and completion.
 */
public final class FourEyes {

	/** The identity link type that keeps a task away from a person. */
	public static final String EXCLUDED = "excluded";

	static final String NAMESPACE = "urn:steadyflow:bpmn";

	static final String ATTRIBUTE = "notSameAs";

	static final String INITIATOR = "initiator";

	private FourEyes() {
	}

	/** The entries of {@code sf:notSameAs}, or an empty list. */
	public static List<String> declared(FlowElement element) {
		String value = (element != null) ? element.getAttributeValue(NAMESPACE, ATTRIBUTE) : null;
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::strip).filter((entry) -> !entry.isEmpty()).toList();
	}

	/**
	 * User → why they are excluded, for the given rule.
	 * @param rule the entries of {@code sf:notSameAs}
	 * @param startUserId who started the instance
	 * @param workedOn the users who worked on a user task (by BPMN id) of the instance
	 */
	static Map<String, String> excluded(List<String> rule, String startUserId,
			Function<String, List<String>> workedOn) {
		Map<String, String> excluded = new LinkedHashMap<>();
		for (String entry : rule) {
			if (INITIATOR.equals(entry)) {
				if (startUserId != null) {
					excluded.putIfAbsent(startUserId, "you started this workflow");
				}
			}
			else {
				for (String user : workedOn.apply(entry)) {
					excluded.putIfAbsent(user, "you worked on '" + entry + "' of this workflow");
				}
			}
		}
		return excluded;
	}

}
