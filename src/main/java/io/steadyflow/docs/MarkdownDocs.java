package io.steadyflow.docs;

import java.util.List;

import io.steadyflow.docs.ProcessDocument.Branch;
import io.steadyflow.docs.ProcessDocument.Continue;
import io.steadyflow.docs.ProcessDocument.DataItem;
import io.steadyflow.docs.ProcessDocument.Ending;
import io.steadyflow.docs.ProcessDocument.Entry;
import io.steadyflow.docs.ProcessDocument.Fact;
import io.steadyflow.docs.ProcessDocument.FormLine;
import io.steadyflow.docs.ProcessDocument.Step;
import io.steadyflow.docs.ProcessDocument.Trigger;

/**
 * A process's documentation as Markdown (CommonMark, with GitHub's tables). The same
 * document always gives the same text, byte for byte, so that a checked-in copy can be
 * compared with what the diagram generates now ({@code docs --check}). Steps are bullets
 * with their number in bold rather than an ordered list, because Markdown would renumber
 * nested lists.
 */
public final class MarkdownDocs {

	/** The first line of every generated file; {@code --check} names files without it. */
	public static final String MARKER = "<!-- Generated from the diagram by `steadyflow docs`; do not edit: change the diagram and regenerate. -->";

	private MarkdownDocs() {
	}

	public static String render(ProcessDocument document) {
		StringBuilder out = new StringBuilder();
		out.append(MARKER).append("\n\n");
		out.append("# ").append(escape(document.name())).append("\n\n");
		out.append("Process `").append(document.key()).append("`");
		if (document.version() != null) {
			out.append(", version ").append(document.version());
		}
		out.append(", from `").append(document.source()).append("`.\n\n");

		out.append("## Purpose\n\n");
		out.append((document.purpose() != null) ? block(document.purpose(), "")
				: "*The diagram does not say (no `<documentation>` on the process).*")
			.append("\n\n");

		out.append("## Owner\n\n")
			.append((document.owner() != null) ? escape(document.owner()) : "*None declared (`sf:owner`).*")
			.append("\n\n");

		out.append("## Triggers\n\n");
		if (document.triggers().isEmpty()) {
			out.append("*No start event.*\n");
		}
		for (Trigger trigger : document.triggers()) {
			out.append("- **")
				.append(escape(trigger.name()))
				.append("** (step ")
				.append(trigger.number())
				.append("): ")
				.append(escape(trigger.description()))
				.append("\n");
			facts(trigger.facts(), "  ", out);
		}
		out.append("\n");

		out.append("## Definition of done\n\n");
		out.append((document.doneWhen() != null) ? escape(document.doneWhen()) : "*Not declared (`sf:doneWhen`).*")
			.append("\n\n");
		out.append("| End event | Step | Outcome | Definition of done |\n|---|---|---|---|\n");
		for (Ending ending : document.endings()) {
			out.append("| ")
				.append(cell(ending.name()))
				.append(" (`")
				.append(ending.id())
				.append("`) | ")
				.append((ending.number() > 0) ? String.valueOf(ending.number()) : "not reached")
				.append(" | ")
				.append((ending.outcome() != null) ? cell(ending.outcome()) : "*not declared*")
				.append(" | ")
				.append(ending.meetsDone() ? "met" : "not met")
				.append(ending.endsProcess() ? "" : " (ends a sub-process only)")
				.append(" |\n");
		}
		out.append("\n");

		out.append("## Service level\n\n");
		out.append((document.sla() != null)
				? "An instance should end within " + DocsGenerator.readableDurationOf(document.sla()) + "."
				: "*None declared for the whole process (`sf:sla`).*");
		out.append("\n\n");

		out.append("## Steps\n\n");
		entries(document.steps(), "", out);
		for (Branch handler : document.handlers()) {
			out.append("\n### ").append(escape(handler.label())).append("\n\n");
			entries(handler.entries(), "", out);
		}
		if (!document.unreached().isEmpty()) {
			out.append("\n### Not reached from a start event\n\n");
			entries(document.unreached(), "", out);
		}
		out.append("\n");

		out.append("## Data\n\n");
		if (document.data().isEmpty()) {
			out.append("*The diagram names no variables.*\n");
		}
		else {
			out.append("| Variable | Written by | Read by |\n|---|---|---|\n");
			for (DataItem item : document.data()) {
				out.append("| `")
					.append(item.variable())
					.append("` | ")
					.append(list(item.writtenBy()))
					.append(" | ")
					.append(list(item.readBy()))
					.append(" |\n");
			}
		}
		return out.toString();
	}

	private static void entries(List<Entry> entries, String indent, StringBuilder out) {
		for (Entry entry : entries) {
			if (entry instanceof Continue goTo) {
				out.append(indent)
					.append("- → continues at step ")
					.append(goTo.number())
					.append(" (")
					.append(escape(goTo.name()))
					.append(")\n");
			}
			else if (entry instanceof Step step) {
				step(step, indent, out);
			}
		}
	}

	private static void step(Step step, String indent, StringBuilder out) {
		String inner = indent + "  ";
		out.append(indent)
			.append("- **")
			.append(step.number())
			.append(". ")
			.append(escape(step.title()))
			.append("** — ")
			.append(step.kind())
			.append(" (`")
			.append(step.id())
			.append("`)\n");
		if (step.documentation() != null) {
			out.append("\n").append(block(step.documentation(), inner)).append("\n\n");
		}
		facts(step.facts(), inner, out);
		if (!step.form().isEmpty()) {
			out.append(inner).append("- Form fields:\n");
			for (FormLine line : step.form()) {
				out.append(inner)
					.append("  - `")
					.append(line.variable())
					.append("` ")
					.append(escape(line.label()))
					.append(" (")
					.append(line.type())
					.append(line.readOnly() ? ", shown" : line.required() ? ", required" : "")
					.append(")\n");
			}
		}
		if (!step.inside().isEmpty()) {
			out.append(inner).append("- Inside:\n");
			entries(step.inside(), inner + "  ", out);
		}
		for (Branch branch : step.branches()) {
			out.append(inner).append("- ").append(escape(branch.label())).append(":\n");
			entries(branch.entries(), inner + "  ", out);
		}
	}

	private static void facts(List<Fact> facts, String indent, StringBuilder out) {
		for (Fact fact : facts) {
			out.append(indent).append("- ").append(fact.label()).append(": ").append(escape(fact.text())).append("\n");
		}
	}

	/** A multi-line text, verbatim but for its indentation, as a paragraph. */
	private static String block(String text, String indent) {
		StringBuilder out = new StringBuilder();
		for (String line : text.strip().split("\\R")) {
			if (out.length() > 0) {
				out.append("\n");
			}
			out.append(line.isBlank() ? "" : indent + escape(line.strip()));
		}
		return out.toString();
	}

	private static String list(List<String> items) {
		return items.isEmpty() ? "—" : cell(String.join(", ", items));
	}

	private static String cell(String text) {
		return escape(text).replace("|", "\\|");
	}

	/**
	 * Keeps text from the diagram from turning into HTML where the Markdown is shown:
	 * angle brackets outside code spans become entities; inside code spans they are shown
	 * as written anyway.
	 */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		boolean code = false;
		for (char c : text.toCharArray()) {
			if (c == '`') {
				code = !code;
				out.append(c);
			}
			else if (!code && c == '<') {
				out.append("&lt;");
			}
			else if (!code && c == '>') {
				out.append("&gt;");
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
