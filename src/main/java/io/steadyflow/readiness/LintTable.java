package io.steadyflow.readiness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The command line's table: one row per finding, then a summary. */
final class LintTable {

	private static final String[] HEADER = { "FILE", "ELEMENT", "LINE", "RULE", "SEVERITY", "MESSAGE" };

	private final List<FileReport> reports;

	private final boolean hints;

	LintTable(List<FileReport> reports, boolean hints) {
		this.reports = reports;
		this.hints = hints;
	}

	void print(PrintStream out) {
		List<String[]> rows = new ArrayList<>();
		List<String> rowHints = new ArrayList<>();
		for (FileReport report : this.reports) {
			for (Finding finding : report.findings()) {
				rows.add(new String[] { report.fileName(), element(finding),
						(finding.line() != null) ? finding.line().toString() : "", finding.rule(),
						finding.severity().label(), finding.message() });
				rowHints.add(finding.hint());
			}
		}
		if (!rows.isEmpty()) {
			int[] widths = new int[HEADER.length - 1];
			for (int column = 0; column < widths.length; column++) {
				widths[column] = HEADER[column].length();
				for (String[] row : rows) {
					widths[column] = Math.max(widths[column], row[column].length());
				}
			}
			out.println(format(HEADER, widths));
			for (int i = 0; i < rows.size(); i++) {
				out.println(format(rows.get(i), widths));
				if (this.hints && rowHints.get(i) != null) {
					out.println(" ".repeat(Math.min(widths[0] + 2, 40)) + "fix: " + rowHints.get(i));
				}
			}
			out.println();
		}
		for (FileReport report : this.reports) {
			for (String override : report.overrides()) {
				out.println(report.fileName() + ": configured: " + override);
			}
		}
		out.println(summary());
	}

	private String summary() {
		long errors = this.reports.stream().mapToLong(FileReport::errorCount).sum();
		long warnings = this.reports.stream().mapToLong(FileReport::warningCount).sum();
		long infos = this.reports.stream().mapToLong(FileReport::infoCount).sum();
		long refused = this.reports.stream().filter(FileReport::hasErrors).count();
		return this.reports.size() + " file" + ((this.reports.size() == 1) ? "" : "s") + " checked: " + errors
				+ " error" + ((errors == 1) ? "" : "s") + ", " + warnings + " warning" + ((warnings == 1) ? "" : "s")
				+ ", " + infos + " info" + ((infos == 1) ? "" : "s") + " - "
				+ ((refused == 0) ? "all deployable" : refused + " not deployable");
	}

	private static String element(Finding finding) {
		String id = (finding.elementId() != null) ? finding.elementId()
				: (finding.processId() != null) ? finding.processId() : "-";
		return (finding.elementName() != null) ? id + " (" + finding.elementName() + ")" : id;
	}

	private static String format(String[] cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int column = 0; column < cells.length; column++) {
			if (column < widths.length) {
				line.append(String.format("%-" + widths[column] + "s  ", cells[column]));
			}
			else {
				line.append(cells[column]);
			}
		}
		return line.toString().stripTrailing();
	}

}
