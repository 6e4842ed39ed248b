package io.steadyflow.readiness;

import java.util.Arrays;
import java.util.Optional;

/**
 * The rules of the readiness linter, each tied to a trait of a production-ready workflow.
 * The id is what findings, configuration and documentation use.
 */
public enum ReadinessRule {

	/** The file cannot be read as BPMN 2.0 at all. */
	PARSE("parse", Severity.ERROR, false, "The file is well-formed, safe BPMN 2.0 XML"),

	/** A problem reported by Flowable's own ProcessValidator. */
	FLOWABLE_VALIDATION("flowable-validation", Severity.ERROR, false, "Flowable's own validation passes"),

	OWNER("owner", Severity.ERROR, true, "The process names an accountable owner"),

	DEFINITION_OF_DONE("definition-of-done", Severity.ERROR, true,
			"The process states its measurable outcome; end events are named for outcomes"),

	OUTCOME("outcome", Severity.ERROR, true,
			"Every end event of the process declares its outcome class (sf:outcome), so done rates can be measured"),

	SERVICE_LEVEL("service-level", Severity.ERROR, true,
			"A service level (sf:sla) on the process or a user task is a positive ISO-8601 duration"),

	CLEAR_TRIGGER("clear-trigger", Severity.ERROR, true, "Every start event is named and fully defined"),

	TOOL_EXCEPTION_PATH("tool-exception-path", Severity.ERROR, true,
			"Every tool call has an error path or an explicit retry policy"),

	HUMAN_ASSIGNMENT("human-assignment", Severity.ERROR, true, "Every user task says who does it"),

	LATE_HUMAN_STEP("late-human-step", Severity.WARNING, true, "Every user task has a due date or a timer"),

	AI_NEEDS_HUMAN_GATE("ai-needs-human-gate", Severity.ERROR, true,
			"An AI step's result passes a human checkpoint before it acts"),

	GATEWAY_CONDITIONS("gateway-conditions", Severity.ERROR, true,
			"Every branch of a deciding gateway has a condition or is the default"),

	REACHABILITY("reachability", Severity.ERROR, true,
			"Every step is reachable and can reach an end; no endless loop without a wait state"),

	SYNCHRONOUS_LOOP("synchronous-loop", Severity.ERROR, true,
			"A loop waits somewhere (an asynchronous step, a user task, a timer or message) so each turn commits"),

	NAMES("names", Severity.WARNING, true, "Activities, branching gateways and boundary events are named"),

	DOCUMENTATION("documentation", Severity.WARNING, true,
			"The process documents its purpose and every step what is done there"),

	/**
	 * Not configurable: it is what keeps a BPMN upload from running code on the server.
	 * Scripts and task types are allowed with their own allow-lists instead.
	 */
	SAFE_EXPRESSIONS("safe-expressions", Severity.ERROR, false,
			"No scripts, shell tasks or expressions that reach into the JVM or infrastructure"),

	DELEGATES_RESOLVE("delegates-resolve", Severity.ERROR, true, "Delegate expressions name beans that exist"),

	EXECUTABLE("executable", Severity.ERROR, true, "The process is marked executable"),

	RETRY_IGNORED("retry-ignored", Severity.WARNING, true,
			"A retry cycle sits where Flowable applies it (async service tasks)"),

	FOUR_EYES("four-eyes", Severity.ERROR, true,
			"A four-eyes rule (sf:notSameAs) names the initiator or user tasks of the same process"),

	TOOL_CONFIG("tool-config", Severity.ERROR, true,
			"httpTool and mailTool steps have complete, readable fields naming configured systems and secrets"),

	TRIGGER_CONTRACT("trigger-contract", Severity.ERROR, true,
			"Webhook and queue triggers map their payload and have a configured secret or broker; waiting events "
					+ "declare a correlation key and what happens when the message never comes"),

	AI_CONFIG("ai-config", Severity.ERROR, true,
			"AI steps name a known kind, their input, their result, a threshold from 0 to 1 and an existing labels file");

	private final String id;

	private final Severity defaultSeverity;

	private final boolean configurable;

	private final String title;

	ReadinessRule(String id, Severity defaultSeverity, boolean configurable, String title) {
		this.id = id;
		this.defaultSeverity = defaultSeverity;
		this.configurable = configurable;
		this.title = title;
	}

	public String id() {
		return this.id;
	}

	/** The severity of the rule's main finding; some rules also report lesser ones. */
	public Severity defaultSeverity() {
		return this.defaultSeverity;
	}

	/** Whether configuration may change its severity or switch it off. */
	public boolean configurable() {
		return this.configurable;
	}

	public String title() {
		return this.title;
	}

	public static Optional<ReadinessRule> byId(String id) {
		return Arrays.stream(values()).filter((rule) -> rule.id.equals(id)).findFirst();
	}

}
