package io.steadyflow.bpmn;

import java.util.Objects;

/**
 * One BPMN file as it arrived: the name it was given (upload, archive entry or path) and
 * its bytes. The name is what every message about the file refers to.
 */
public record BpmnSource(String fileName, byte[] content) {

	public BpmnSource {
		Objects.requireNonNull(fileName, "fileName");
		Objects.requireNonNull(content, "content");
	}

	/** Whether the name ends the way BPMN files are named in Steadyflow. */
	public static boolean isBpmnFileName(String name) {
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		return lower.endsWith(".bpmn") || lower.endsWith(".bpmn20.xml");
	}

}
