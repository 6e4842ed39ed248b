package io.steadyflow.drills;

import java.util.List;

/** The drill suite's table, as Markdown so that it can be pasted into the README. */
final class DrillTable {

	private DrillTable() {
	}

	static String markdown(List<DrillResult> results) {
		StringBuilder table = new StringBuilder(
				"| Drill | What was done | Expected | Observed | Lost | Doubled | 5xx | Pass |\n")
			.append("| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n");
		for (DrillResult result : results) {
			table.append("| ")
				.append(String.join(" | ", cell(result.drill()), cell(result.done()), cell(result.expected()),
						cell(result.observed()), number(result.lost()), number(result.doubled()),
						number(result.serverErrors()), result.passed() ? "yes" : "**NO**"))
				.append(" |\n");
		}
		return table.toString();
	}

	private static String number(long value) {
		return (value < 0) ? "?" : Long.toString(value);
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

}
