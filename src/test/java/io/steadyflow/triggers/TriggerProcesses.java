package io.steadyflow.triggers;

/**
 * Production-ready diagrams with triggers, deployed by the trigger tests through the
 * readiness gate.
 */
final class TriggerProcesses {

	static final String HEADER = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
			             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
			             targetNamespace="urn:steadyflow:test">
			""";

	/** Started by the signed webhook test-hook; the order waits for a clerk's review. */
	static final String HOOK_START = HEADER
			+ """
					  <process id="hook-start" name="Order from the shop" isExecutable="true" sf:owner="test-team"
					           sf:doneWhen="The order is reviewed">
					    <startEvent id="orderReceived" name="Order received from the shop"
					                sf:webhook="test-hook" sf:map="orderId=$.order.id,total=$.order.total"/>
					    <sequenceFlow id="toReview" sourceRef="orderReceived" targetRef="reviewOrder"/>
					    <userTask id="reviewOrder" name="Review order" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
					    <sequenceFlow id="toReviewed" sourceRef="reviewOrder" targetRef="orderReviewed"/>
					    <endEvent id="orderReviewed" name="Order reviewed" sf:outcome="done"/>
					  </process>
					</definitions>
					""";

	/**
	 * Waits for the payment of its order (correlation key: orderId) or 7 days; clerks may
	 * send the payment message.
	 */
	static final String PAYMENT_WAIT = HEADER + """
			  <message id="paymentConfirmedMessage" name="paymentConfirmed"/>
			  <process id="payment-wait" name="Wait for payment" isExecutable="true" sf:owner="test-team"
			           sf:doneWhen="The order is paid, or known unpaid after 7 days">
			    <startEvent id="orderPlaced" name="Order placed"/>
			    <sequenceFlow id="toWait" sourceRef="orderPlaced" targetRef="paymentOrTimeout"/>
			    <eventBasedGateway id="paymentOrTimeout" name="Payment or 7 days?"/>
			    <sequenceFlow id="toPayment" sourceRef="paymentOrTimeout" targetRef="paymentConfirmed"/>
			    <intermediateCatchEvent id="paymentConfirmed" name="Payment confirmed"
			                            sf:correlationKey="${orderId}" sf:senders="clerks">
			      <messageEventDefinition messageRef="paymentConfirmedMessage"/>
			    </intermediateCatchEvent>
			    <sequenceFlow id="toPaid" sourceRef="paymentConfirmed" targetRef="orderPaid"/>
			    <endEvent id="orderPaid" name="Order paid" sf:outcome="done"/>
			    <sequenceFlow id="toLate" sourceRef="paymentOrTimeout" targetRef="paymentLate"/>
			    <intermediateCatchEvent id="paymentLate" name="No payment in 7 days">
			      <timerEventDefinition><timeDuration>P7D</timeDuration></timerEventDefinition>
			    </intermediateCatchEvent>
			    <sequenceFlow id="toUnpaid" sourceRef="paymentLate" targetRef="orderUnpaid"/>
			    <endEvent id="orderUnpaid" name="Order unpaid" sf:outcome="failed"/>
			  </process>
			</definitions>
			""";

	/** Started by the message returnRequested, which clerks may send. */
	static final String MESSAGE_START = HEADER
			+ """
					  <message id="returnRequestedMessage" name="returnRequested"/>
					  <process id="message-start" name="Return" isExecutable="true" sf:owner="test-team"
					           sf:doneWhen="The return is handled">
					    <startEvent id="returnRequested" name="Return requested" sf:senders="clerks">
					      <messageEventDefinition messageRef="returnRequestedMessage"/>
					    </startEvent>
					    <sequenceFlow id="toHandle" sourceRef="returnRequested" targetRef="handleReturn"/>
					    <userTask id="handleReturn" name="Handle return" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
					    <sequenceFlow id="toHandled" sourceRef="handleReturn" targetRef="returnHandled"/>
					    <endEvent id="returnHandled" name="Return handled" sf:outcome="done"/>
					  </process>
					</definitions>
					""";

	private TriggerProcesses() {
	}

}
