package io.steadyflow.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The documentation of one process, generated from its diagram alone: what it is for, who
 * owns it, how it starts, when it is done, and its steps in flow order with who does
 * them, what they call, how they fail and what they read and write. Rendered as Markdown
 * ({@link MarkdownDocs}), JSON (this record) and the docs page.
 *
 * @param key the process id
 * @param name the process name, or the key when it has none
 * @param version the deployed version, {@code null} for a file that is not deployed
 * @param source the file or deployment resource the diagram was read from
 * @param purpose the process's {@code <documentation>}, verbatim, or {@code null}
 * @param owner {@code sf:owner}, or {@code null}
 * @param doneWhen {@code sf:doneWhen}, or {@code null}
 * @param sla {@code sf:sla} of the process as written, or {@code null}
 * @param triggers how an instance starts, one per start event of the process
 * @param endings every end event with its outcome class
 * @param steps the steps in flow order from the start events, branches as sub-lists
 * @param handlers the event sub-processes: what happens when their event occurs
 * @param unreached steps no start event leads to (the readiness rules report them)
 * @param data the variables the process writes and reads, by name
 */
public record ProcessDocument(String key, String name, Integer version, String source, String purpose, String owner,
		String doneWhen, String sla, List<Trigger> triggers, List<Ending> endings, List<Entry> steps,
		List<Branch> handlers, List<Entry> unreached, List<DataItem> data) {

	/** Every numbered step, by element id, in the order of their numbers. */
	@JsonIgnore
	public Map<String, Step> numberedSteps() {
		Map<String, Step> numbered = new LinkedHashMap<>();
		collect(this.steps, numbered);
		this.handlers.forEach((handler) -> collect(handler.entries(), numbered));
		collect(this.unreached, numbered);
		return numbered;
	}

	private static void collect(List<Entry> entries, Map<String, Step> numbered) {
		for (Entry entry : entries) {
			if (entry instanceof Step step) {
				numbered.put(step.id(), step);
				collect(step.inside(), numbered);
				step.branches().forEach((branch) -> collect(branch.entries(), numbered));
			}
		}
	}

	/** A line of the step list: a step, or a pointer to a step described elsewhere. */
	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
	@JsonSubTypes({ @JsonSubTypes.Type(value = Step.class, name = "step"),
			@JsonSubTypes.Type(value = Continue.class, name = "continue") })
	public sealed interface Entry permits Step, Continue {

		/** Whether the entry describes a step (rather than pointing to one). */
		@JsonIgnore
		default boolean describesStep() {
			return this instanceof Step;
		}

	}

	/**
	 * One flow node of the diagram.
	 *
	 * @param number its number in the text and on the diagram
	 * @param id the element id
	 * @param name the element name, or {@code null}
	 * @param kind "user task", "service task", "exclusive gateway", ...
	 * @param documentation the element's {@code <documentation>}, verbatim, or
	 * {@code null}
	 * @param facts what the diagram says about it: who, form, tool, retries, AI, ...
	 * @param form the fields of its form, or empty
	 * @param inside the steps of a sub-process
	 * @param branches the branches that leave it and its exception paths
	 */
	public record Step(int number, String id, String name, String kind, String documentation, List<Fact> facts,
			List<FormLine> form, List<Entry> inside, List<Branch> branches) implements Entry {

		/** The name, or the id for an unnamed element. */
		public String title() {
			return (this.name != null) ? this.name : this.id;
		}

	}

	/**
	 * The flow goes on at a step described elsewhere (a join, a loop back).
	 *
	 * @param number the step's number
	 * @param id its element id
	 * @param name its name or id
	 */
	public record Continue(int number, String id, String name) implements Entry {

	}

	/**
	 * A way out of a step: a branch of a gateway, or an exception path (boundary event,
	 * event sub-process).
	 *
	 * @param kind {@code branch} or {@code exception}
	 * @param label what takes this way: a condition, an error, a timer
	 * @param entries the steps along it
	 */
	public record Branch(String kind, String label, List<Entry> entries) {

		static final String BRANCH = "branch";

		static final String EXCEPTION = "exception";

	}

	/**
	 * One thing the diagram says about a step.
	 *
	 * @param label what it is about: "Who", "Tool", "Retries", ...
	 * @param text what it says
	 */
	public record Fact(String label, String text) {

	}

	/**
	 * A field of a step's form.
	 *
	 * @param variable the variable it reads or writes
	 * @param label what people see
	 * @param type its type
	 * @param required whether a value must be given
	 * @param readOnly whether it only shows a variable
	 */
	public record FormLine(String variable, String label, String type, boolean required, boolean readOnly) {

	}

	/**
	 * How an instance starts.
	 *
	 * @param number the start event's step number
	 * @param id the start event's id
	 * @param name its name or id
	 * @param kind {@code rest}, {@code timer}, {@code message}, {@code signal}, ...
	 * @param description how, in words
	 * @param facts more: start form, starters, declared trigger attributes
	 */
	public record Trigger(int number, String id, String name, String kind, String description, List<Fact> facts) {

	}

	/**
	 * An end event.
	 *
	 * @param number its step number, 0 when no start event leads to it
	 * @param id its id
	 * @param name its name or id
	 * @param outcome its outcome class ({@code sf:outcome}) as written, or {@code null}
	 * @param meetsDone whether reaching it meets the definition of done
	 * @param endsProcess whether it ends the instance (not only a sub-process)
	 */
	public record Ending(int number, String id, String name, String outcome, boolean meetsDone, boolean endsProcess) {

	}

	/**
	 * A variable and the steps that write and read it.
	 *
	 * @param variable its name
	 * @param writtenBy who writes it: "start form", "step 3 (form)", ...
	 * @param readBy who reads it
	 */
	public record DataItem(String variable, List<String> writtenBy, List<String> readBy) {

	}

}
