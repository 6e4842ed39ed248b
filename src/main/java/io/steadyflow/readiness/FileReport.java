package io.steadyflow.readiness;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The linter's verdict on one BPMN file.
 *
 * @param fileName the name the file was given (upload, archive entry or path)
 * @param findings what was found, in document order
 * @param overrides every severity change or switched-off rule that configuration applied
 * to this file, in words (e.g. "late-human-step switched off for process
 * invoice-approval: 2 findings hidden"), so that nothing is silently relaxed
 */
public record FileReport(String fileName, List<Finding> findings, List<String> overrides) {

	public FileReport {
		findings = List.copyOf(findings);
		overrides = List.copyOf(overrides);
	}

	public FileReport(String fileName, List<Finding> findings) {
		this(fileName, findings, List.of());
	}

	/** Whether any finding refuses the deployment of this file. */
	public boolean hasErrors() {
		return count(Severity.ERROR) > 0;
	}

	@JsonProperty("errors")
	public long errorCount() {
		return count(Severity.ERROR);
	}

	@JsonProperty("warnings")
	public long warningCount() {
		return count(Severity.WARNING);
	}

	@JsonProperty("infos")
	public long infoCount() {
		return count(Severity.INFO);
	}

	private long count(Severity severity) {
		return this.findings.stream().filter((finding) -> finding.severity() == severity).count();
	}

	/** The findings of one severity, in document order. */
	public List<Finding> findings(Severity severity) {
		return this.findings.stream().filter((finding) -> finding.severity() == severity).toList();
	}

	/**
	 * One readable block for a log: a headline with the counts, then one line per finding
	 * with its hint, then the configuration overrides that were applied.
	 */
	public String toLogBlock() {
		StringBuilder block = new StringBuilder();
		block.append(this.fileName)
			.append(": ")
			.append(summary())
			.append(hasErrors() ? " - not deployable" : (this.findings.isEmpty() ? "" : " - deployable"));
		for (Finding finding : this.findings) {
			block.append(System.lineSeparator())
				.append("  ")
				.append(String.format("%-7s", finding.severity().label()))
				.append(' ')
				.append(finding.rule())
				.append(" at ")
				.append(where(finding))
				.append(": ")
				.append(finding.message());
			if (finding.hint() != null && !finding.hint().isBlank()) {
				block.append(System.lineSeparator()).append("          fix: ").append(finding.hint());
			}
		}
		for (String override : this.overrides) {
			block.append(System.lineSeparator()).append("  configured: ").append(override);
		}
		return block.toString();
	}

	/** "2 errors, 1 warning, 0 infos" or "no findings". */
	public String summary() {
		if (this.findings.isEmpty()) {
			return "no findings";
		}
		return plural(errorCount(), "error") + ", " + plural(warningCount(), "warning") + ", "
				+ plural(infoCount(), "info");
	}

	private static String plural(long count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/**
	 * "approveInvoice (Approve invoice), line 42" for people reading a log or a table.
	 */
	static String where(Finding finding) {
		StringBuilder where = new StringBuilder();
		String id = (finding.elementId() != null) ? finding.elementId()
				: (finding.processId() != null) ? finding.processId() : "file";
		where.append(id);
		if (finding.elementName() != null && !finding.elementName().isBlank()) {
			where.append(" (").append(finding.elementName()).append(')');
		}
		if (finding.line() != null) {
			where.append(", line ").append(finding.line());
		}
		return where.toString();
	}

}
