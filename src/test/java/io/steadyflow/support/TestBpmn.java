package io.steadyflow.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small, production-ready BPMN files for tests that need a process of their own.
 */
public final class TestBpmn {

	private TestBpmn() {
	}

	/** A process whose one user task is offered to the given group. */
	public static String userTaskProcess(String key, String taskName, String group) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%1$s" name="Test %1$s" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The request is reviewed">
				    <documentation>A request is reviewed by the group.</documentation>
				    <startEvent id="requested" name="Request received"/>
				    <sequenceFlow id="toReview" sourceRef="requested" targetRef="reviewTask"/>
				    <userTask id="reviewTask" name="%2$s" flowable:candidateGroups="%3$s" flowable:dueDate="P1D"><documentation>Review the request.</documentation></userTask>
				    <sequenceFlow id="toDone" sourceRef="reviewTask" targetRef="reviewed"/>
				    <endEvent sf:outcome="done" id="reviewed" name="Request reviewed"/>
				  </process>
				</definitions>
				"""
			.formatted(key, taskName, group);
	}

	public static byte[] bytes(String xml) {
		return xml.getBytes(StandardCharsets.UTF_8);
	}

	/** A zip with the given entries (name to content). */
	public static byte[] zip(Map<String, byte[]> entries) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

}
