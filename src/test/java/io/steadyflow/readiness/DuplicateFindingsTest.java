package io.steadyflow.readiness;

import java.nio.charset.StandardCharsets;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateFindingsTest {

	@Test
	void oneBeanUsedByTwoListenersOfOneTaskIsReportedOnce() {
		String xml = """
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
				             xmlns:sf="urn:steadyflow:bpmn" targetNamespace="t">
				  <process id="p" name="P" isExecutable="true" sf:owner="team" sf:doneWhen="done">
				    <startEvent id="s" name="Started"/>
				    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
				    <userTask id="t" name="Decide" flowable:candidateGroups="g" flowable:dueDate="P1D">
				      <extensionElements>
				        <flowable:taskListener event="create" delegateExpression="${guard}"/>
				        <flowable:taskListener event="complete" delegateExpression="${guard}"/>
				      </extensionElements>
				    </userTask>
				    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
				    <endEvent sf:outcome="done" id="e" name="Decided"/>
				  </process>
				</definitions>
				""";
		FileReport report = ReadinessLinter.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(), null)
			.lint(new BpmnSource("p.bpmn20.xml", xml.getBytes(StandardCharsets.UTF_8)));

		assertThat(report.findings()).filteredOn((finding) -> "delegates-resolve".equals(finding.rule()))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.elementId()).isEqualTo("t"));
	}

}
