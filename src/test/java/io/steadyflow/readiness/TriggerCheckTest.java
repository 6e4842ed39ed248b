package io.steadyflow.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import io.steadyflow.bpmn.BpmnInputLimits;
import org.junit.jupiter.api.Test;

class TriggerCheckTest {

	private static final StepConfiguration NO_BROKER = new StepConfiguration(null, null, null,
			new StepConfiguration.Triggers(Set.of("shop-order"), false));

	private static List<Finding> findings(String elements) {
		String xml = """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <message id="paidMessage" name="paid"/>
				  <process id="p" name="P" isExecutable="true" sf:owner="team" sf:doneWhen="done">
				    %s
				    <endEvent id="finished" name="Finished" sf:outcome="done"/>
				  </process>
				</definitions>
				""".formatted(elements);
		return ReadinessLinter
			.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(), (b) -> true, NO_BROKER)
			.lint(Bpmn.source(xml))
			.findings()
			.stream()
			.filter((finding) -> finding.rule().equals("trigger-contract"))
			.toList();
	}

	@Test
	void webhookNeedsAMappingAndAConfiguredSecret() {
		List<Finding> found = findings("""
				<startEvent id="ordered" name="Ordered" sf:webhook="unknown-hook"/>
				<sequenceFlow id="f" sourceRef="ordered" targetRef="finished"/>""");
		assertThat(found).extracting(Finding::message)
			.anyMatch((m) -> m.contains("declares no payload mapping (sf:map)"))
			.anyMatch((m) -> m.contains("Webhook 'unknown-hook'") && m.contains("no configured secret"));
		List<Finding> fine = findings("""
				<startEvent id="ordered" name="Ordered" sf:webhook="shop-order" sf:map="orderId=$.order.id"
				            sf:businessKey="$.order.id"/>
				<sequenceFlow id="f" sourceRef="ordered" targetRef="finished"/>""");
		assertThat(fine).isEmpty();
	}

	@Test
	void aQueueTriggerWithoutABrokerIsAnError() {
		List<Finding> found = findings("""
				<startEvent id="ordered" name="Ordered" sf:queue="orders.created" sf:map="orderId=$.id"/>
				<sequenceFlow id="f" sourceRef="ordered" targetRef="finished"/>""");
		assertThat(found).singleElement().satisfies((finding) -> {
			assertThat(finding.severity()).isEqualTo(Severity.ERROR);
			assertThat(finding.message()).contains("no RabbitMQ broker is configured");
		});
	}

	@Test
	void aWaitingEventNeedsACorrelationKeyAndAWayOut() {
		List<Finding> found = findings("""
				<startEvent id="ordered" name="Ordered"/>
				<sequenceFlow id="f1" sourceRef="ordered" targetRef="paid"/>
				<intermediateCatchEvent id="paid" name="Paid" sf:senders="clerks">
				  <messageEventDefinition messageRef="paidMessage"/>
				</intermediateCatchEvent>
				<sequenceFlow id="f2" sourceRef="paid" targetRef="finished"/>""");
		assertThat(found).extracting(Finding::message)
			.containsExactlyInAnyOrder(
					"Waiting event 'Paid' (paid) declares no correlation key, so a message cannot say which instance it is for",
					"Nothing happens if the message of 'Paid' (paid) never comes");
		List<Finding> exempt = findings("""
				<startEvent id="ordered" name="Ordered"/>
				<sequenceFlow id="f1" sourceRef="ordered" targetRef="paid"/>
				<intermediateCatchEvent id="paid" name="Paid" sf:senders="clerks" sf:correlationKey="${orderId}"
				                        sf:noTimeout="the shop cancels unpaid orders itself" sf:messageTtl="PT10M">
				  <messageEventDefinition messageRef="paidMessage"/>
				</intermediateCatchEvent>
				<sequenceFlow id="f2" sourceRef="paid" targetRef="finished"/>""");
		assertThat(exempt).isEmpty();
	}

	@Test
	void aBadTimeToLiveIsAnError() {
		List<Finding> found = findings("""
				<startEvent id="ordered" name="Ordered" sf:senders="clerks" sf:messageTtl="10 minutes">
				  <messageEventDefinition messageRef="paidMessage"/>
				</startEvent>
				<sequenceFlow id="f" sourceRef="ordered" targetRef="finished"/>""");
		assertThat(found).extracting(Finding::message)
			.containsExactly("Event 'Ordered' (ordered) declares the time to live '10 minutes', which is not a "
					+ "positive ISO-8601 duration");
	}

	@Test
	void aReceiveTaskWithAMessageIsHeldToTheWaitingContract() {
		List<Finding> found = findings("""
				<startEvent id="ordered" name="Ordered"/>
				<sequenceFlow id="f1" sourceRef="ordered" targetRef="paid"/>
				<receiveTask id="paid" name="Receive payment" messageRef="paidMessage" sf:queue="payments"/>
				<sequenceFlow id="f2" sourceRef="paid" targetRef="finished"/>""");
		assertThat(found).extracting(Finding::message)
			.containsExactlyInAnyOrder("Trigger 'Receive payment' (paid) declares no payload mapping (sf:map)",
					"Queue 'payments' of 'Receive payment' (paid) cannot be listened to: no RabbitMQ broker is configured",
					"Receive task 'Receive payment' (paid) declares no correlation key, so a message cannot say which "
							+ "instance it is for",
					"Nothing happens if the message of 'Receive payment' (paid) never comes");
		List<Finding> withTimer = findings("""
				<startEvent id="ordered" name="Ordered"/>
				<sequenceFlow id="f1" sourceRef="ordered" targetRef="paid"/>
				<receiveTask id="paid" name="Receive payment" messageRef="paidMessage" sf:correlationKey="${orderId}"
				             sf:messageTtl="PT10M"/>
				<boundaryEvent id="late" name="Not paid in 7 days" attachedToRef="paid">
				  <timerEventDefinition><timeDuration>P7D</timeDuration></timerEventDefinition>
				</boundaryEvent>
				<sequenceFlow id="f2" sourceRef="paid" targetRef="finished"/>
				<sequenceFlow id="f3" sourceRef="late" targetRef="finished"/>""");
		assertThat(withTimer).isEmpty();
		List<Finding> noMessage = findings("""
				<startEvent id="ordered" name="Ordered"/>
				<sequenceFlow id="f1" sourceRef="ordered" targetRef="paid"/>
				<receiveTask id="paid" name="Receive payment" sf:webhook="shop-order" sf:map="orderId=$.id"/>
				<sequenceFlow id="f2" sourceRef="paid" targetRef="finished"/>""");
		assertThat(noMessage).extracting(Finding::message)
			.containsExactly(
					"Receive task 'Receive payment' (paid) declares a webhook or queue but waits for no message");
	}

}
