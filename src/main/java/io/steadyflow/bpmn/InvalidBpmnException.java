package io.steadyflow.bpmn;

/**
 * A BPMN file that cannot be read safely or is not a BPMN 2.0 model. The message names
 * the file, the problem and, where known, the line.
 */
public class InvalidBpmnException extends RuntimeException {

	private final String fileName;

	private final Integer line;

	private final String problem;

	public InvalidBpmnException(String fileName, Integer line, String problem) {
		this(fileName, line, problem, null);
	}

	public InvalidBpmnException(String fileName, Integer line, String problem, Throwable cause) {
		super(describe(fileName, line, problem), cause);
		this.fileName = fileName;
		this.line = line;
		this.problem = problem;
	}

	private static String describe(String fileName, Integer line, String problem) {
		return fileName + ((line != null && line > 0) ? " (line " + line + ")" : "") + ": " + problem;
	}

	public String getFileName() {
		return this.fileName;
	}

	/** The 1-based line of the problem, or {@code null} when the parser did not say. */
	public Integer getLine() {
		return this.line;
	}

	/** The problem without the file name. */
	public String getProblem() {
		return this.problem;
	}

}
