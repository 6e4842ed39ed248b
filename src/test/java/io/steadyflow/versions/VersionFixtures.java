package io.steadyflow.versions;

/**
 * A small production-ready review process and edits of it, as an author would make them
 * in a modeler: the base for the diff catalogue and the migration tests. Version 1 waits
 * in a user task ({@code review}), a timer ({@code cooldown}) or an async service task
 * ({@code archive}), depending on the start variable {@code path}.
 */
final class VersionFixtures {

	private VersionFixtures() {
	}

	static final String BASE = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
			             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
			             targetNamespace="urn:steadyflow:test">
			  <process id="%KEY%" name="Review %KEY%" isExecutable="true" sf:owner="test-team"
			           sf:doneWhen="The request is reviewed" sf:sla="P5D">
			    <startEvent id="requested" name="Request received"/>
			    <sequenceFlow id="toCheck" sourceRef="requested" targetRef="check"/>
			    <userTask id="check" name="Check request" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
			    <sequenceFlow id="toRoute" sourceRef="check" targetRef="route"/>
			    <exclusiveGateway id="route" name="Which path?" default="toReview"/>
			    <sequenceFlow id="toReview" sourceRef="route" targetRef="review"/>
			    <sequenceFlow id="toCooldown" sourceRef="route" targetRef="cooldown">
			      <conditionExpression>${path == 'timer'}</conditionExpression>
			    </sequenceFlow>
			    <sequenceFlow id="toArchive" sourceRef="route" targetRef="archive">
			      <conditionExpression>${path == 'async'}</conditionExpression>
			    </sequenceFlow>
			    <userTask id="review" name="Review request" flowable:candidateGroups="approvers" flowable:dueDate="P1D"/>
			    <sequenceFlow id="reviewToDone" sourceRef="review" targetRef="reviewed"/>
			    <intermediateCatchEvent id="cooldown" name="Cool down">
			      <timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>
			    </intermediateCatchEvent>
			    <sequenceFlow id="cooldownToDone" sourceRef="cooldown" targetRef="reviewed"/>
			    <sequenceFlow id="toDropped" sourceRef="route" targetRef="dropped">
			      <conditionExpression>${path == 'drop'}</conditionExpression>
			    </sequenceFlow>
			    <serviceTask id="archive" name="Archive request" flowable:async="true"
			                 flowable:delegateExpression="${copyVariables}">
			      <extensionElements>
			        <flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle>
			        <flowable:field name="archivedBy"><flowable:string>request.by</flowable:string></flowable:field>
			      </extensionElements>
			    </serviceTask>
			    <sequenceFlow id="archiveToDone" sourceRef="archive" targetRef="reviewed"/>
			    <endEvent id="reviewed" name="Request reviewed" sf:outcome="done"/>
			    <endEvent id="dropped" name="Request dropped" sf:outcome="cancelled"/>
			  </process>
			</definitions>
			""";

	static String base(String key) {
		return BASE.replace("%KEY%", key);
	}

	static String edit(String xml, String from, String to) {
		if (!xml.contains(from)) {
			throw new IllegalArgumentException("not in the fixture: " + from);
		}
		return xml.replace(from, to);
	}

	/** The check step renamed. */
	static String renamed(String key) {
		return edit(base(key), "name=\"Check request\"", "name=\"Check the request\"");
	}

	/** The review offered to another group. */
	static String otherGroup(String key) {
		return edit(base(key), "flowable:candidateGroups=\"approvers\"", "flowable:candidateGroups=\"finance-leads\"");
	}

	/** The review's outgoing flow now ends the request as dropped. */
	static String rerouted(String key) {
		return edit(base(key), "sourceRef=\"review\" targetRef=\"reviewed\"",
				"sourceRef=\"review\" targetRef=\"dropped\"");
	}

	/** A timer on the review: after two days the request is dropped. */
	static String withBoundaryTimer(String key) {
		return edit(base(key), "<endEvent id=\"reviewed\"", """
				<boundaryEvent id="reviewLate" name="Review late" attachedToRef="review" cancelActivity="true">
				      <timerEventDefinition><timeDuration>P2D</timeDuration></timerEventDefinition>
				    </boundaryEvent>
				    <sequenceFlow id="lateToDropped" sourceRef="reviewLate" targetRef="dropped"/>
				    <endEvent id="reviewed\"""");
	}

	/**
	 * No accountable owner: an error of the readiness gate (rule {@code owner}), which
	 * refuses to deploy it.
	 */
	static String withoutOwner(String key) {
		return edit(base(key), " sf:owner=\"test-team\"", "");
	}

	/** The check step removed: the request goes straight to the gateway. */
	static String withoutCheck(String key) {
		String xml = edit(base(key),
				"<userTask id=\"check\" name=\"Check request\" flowable:candidateGroups=\"clerks\" flowable:dueDate=\"P1D\"/>",
				"");
		xml = edit(xml, "<sequenceFlow id=\"toRoute\" sourceRef=\"check\" targetRef=\"route\"/>", "");
		return edit(xml, "sourceRef=\"requested\" targetRef=\"check\"", "sourceRef=\"requested\" targetRef=\"route\"");
	}

}
