package io.steadyflow.support;

/**
 * Two small production-ready processes for isolation tests and benchmarks: one whose
 * asynchronous http step always fails (the system answers 500) and keeps retrying, and
 * one whose asynchronous http step succeeds.
 */
public final class IsolationProcesses {

	public static final String FAILING = "failing-sync";

	public static final String HEALTHY = "healthy-sync";

	private IsolationProcesses() {
	}

	/** The failing process; its step retries {@code retryCycle} (e.g. R5/PT1S). */
	public static String failing(String retryCycle) {
		return process(FAILING, "/fail", retryCycle);
	}

	public static String healthy() {
		return process(HEALTHY, "/ok", "R3/PT1S");
	}

	private static String process(String key, String path, String retryCycle) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%1$s" name="Sync %1$s" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The record is sent to the other system">
				    <startEvent id="recordArrived" name="Record arrived"/>
				    <sequenceFlow id="toSend" sourceRef="recordArrived" targetRef="sendRecord"/>
				    <serviceTask id="sendRecord" name="Send record" flowable:async="true" flowable:delegateExpression="${httpTool}">
				      <extensionElements>
				        <flowable:field name="method" stringValue="POST"/>
				        <flowable:field name="url" expression="${baseUrl}%2$s"/>
				        <flowable:field name="bodyVariables" stringValue="recordId"/>
				        <flowable:field name="timeout" stringValue="5s"/>
				        <flowable:failedJobRetryTimeCycle>%3$s</flowable:failedJobRetryTimeCycle>
				      </extensionElements>
				    </serviceTask>
				    <sequenceFlow id="toSent" sourceRef="sendRecord" targetRef="recordSent"/>
				    <endEvent sf:outcome="done" id="recordSent" name="Record sent"/>
				  </process>
				</definitions>
				"""
			.formatted(key, path, retryCycle);
	}

}
