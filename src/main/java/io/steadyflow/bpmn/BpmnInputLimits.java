package io.steadyflow.bpmn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits checked by a cheap streaming pass before a BPMN file is parsed in full.
 * Flowable's parser and validator are super-linear on deeply nested models (a 160 KB file
 * of 5,000 nested sub-processes costs tens of seconds of CPU), so hostile shapes are
 * refused up front.
 *
 * @param maxFileSize largest accepted BPMN file
 * @param maxElements most XML elements in one file (a 1,000-step process with diagram
 * information has about 6,000)
 * @param maxDepth deepest element nesting (real models rarely pass 20)
 * @param maxArchiveEntries most files in one uploaded archive
 * @param maxArchiveSize largest total size of an archive's files once expanded
 */
@ConfigurationProperties("steadyflow.bpmn")
public record BpmnInputLimits(@DefaultValue("2MB") DataSize maxFileSize, @DefaultValue("50000") int maxElements,
		@DefaultValue("64") int maxDepth, @DefaultValue("200") int maxArchiveEntries,
		@DefaultValue("20MB") DataSize maxArchiveSize) {

	public static BpmnInputLimits defaults() {
		return new BpmnInputLimits(DataSize.ofMegabytes(2), 50_000, 64, 200, DataSize.ofMegabytes(20));
	}

}
