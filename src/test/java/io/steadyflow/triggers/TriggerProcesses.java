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

	/**
	 * Waits in a receive task for the payment of its order (correlation key: orderId,
	 * kept for 10 minutes when early) or 7 days; clerks may send the payment message.
	 */
	static final String RECEIVE_WAIT = HEADER + """
			  <message id="paymentReceivedMessage" name="paymentReceived"/>
			  <process id="receive-wait" name="Receive payment" isExecutable="true" sf:owner="test-team"
			           sf:doneWhen="The order is paid and shipped, or known unpaid after 7 days">
			    <startEvent id="orderPlaced" name="Order placed"/>
			    <sequenceFlow id="toReceive" sourceRef="orderPlaced" targetRef="receivePayment"/>
			    <receiveTask id="receivePayment" name="Receive payment" messageRef="paymentReceivedMessage"
			                 sf:correlationKey="${orderId}" sf:senders="clerks" sf:messageTtl="PT10M"/>
			    <boundaryEvent id="paymentLate" name="No payment in 7 days" attachedToRef="receivePayment">
			      <timerEventDefinition><timeDuration>P7D</timeDuration></timerEventDefinition>
			    </boundaryEvent>
			    <sequenceFlow id="toUnpaid" sourceRef="paymentLate" targetRef="orderUnpaid"/>
			    <endEvent id="orderUnpaid" name="Order unpaid" sf:outcome="failed"/>
			    <sequenceFlow id="toShip" sourceRef="receivePayment" targetRef="shipOrder"/>
			    <userTask id="shipOrder" name="Ship order" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
			    <sequenceFlow id="toShipped" sourceRef="shipOrder" targetRef="orderShipped"/>
			    <endEvent id="orderShipped" name="Order shipped" sf:outcome="done"/>
			  </process>
			</definitions>
			""";

	/**
	 * Waits for the carrier's signed webhook confirming the shipment of its order, or 3
	 * days. The webhook maps the order id (the correlation key) and the carrier.
	 */
	static String hookWait(String hook) {
		return HEADER
				+ """
						  <message id="shipmentConfirmedMessage" name="shipmentConfirmed"/>
						  <process id="hook-wait" name="Wait for the shipment" isExecutable="true" sf:owner="test-team"
						           sf:doneWhen="The shipment is confirmed, or known lost after 3 days">
						    <startEvent id="orderShipped" name="Order shipped"/>
						    <sequenceFlow id="toWait" sourceRef="orderShipped" targetRef="shipmentOrTimeout"/>
						    <eventBasedGateway id="shipmentOrTimeout" name="Shipment confirmed or 3 days?"/>
						    <sequenceFlow id="toConfirmed" sourceRef="shipmentOrTimeout" targetRef="shipmentConfirmed"/>
						    <intermediateCatchEvent id="shipmentConfirmed" name="Shipment confirmed by the carrier"
						                            sf:webhook="%s" sf:map="orderId=$.order.id,carrier=$.carrier"
						                            sf:correlationKey="${orderId}">
						      <messageEventDefinition messageRef="shipmentConfirmedMessage"/>
						    </intermediateCatchEvent>
						    <sequenceFlow id="toDeliver" sourceRef="shipmentConfirmed" targetRef="confirmDelivery"/>
						    <userTask id="confirmDelivery" name="Confirm delivery" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
						    <sequenceFlow id="toDelivered" sourceRef="confirmDelivery" targetRef="delivered"/>
						    <endEvent id="delivered" name="Delivered" sf:outcome="done"/>
						    <sequenceFlow id="toLate" sourceRef="shipmentOrTimeout" targetRef="shipmentLate"/>
						    <intermediateCatchEvent id="shipmentLate" name="No confirmation in 3 days">
						      <timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition>
						    </intermediateCatchEvent>
						    <sequenceFlow id="toLost" sourceRef="shipmentLate" targetRef="lost"/>
						    <endEvent id="lost" name="Shipment lost" sf:outcome="failed"/>
						  </process>
						</definitions>
						"""
					.formatted(hook);
	}

	/**
	 * Waits for the booking of its payment from a RabbitMQ queue, or 3 days. The message
	 * maps the order id (the correlation key) and the amount.
	 */
	static String queueWait(String queue) {
		return HEADER
				+ """
						  <message id="paymentBookedMessage" name="paymentBooked"/>
						  <process id="queue-wait" name="Wait for the booking" isExecutable="true" sf:owner="test-team"
						           sf:doneWhen="The payment is booked, or known unbooked after 3 days">
						    <startEvent id="invoiced" name="Invoiced"/>
						    <sequenceFlow id="toWait" sourceRef="invoiced" targetRef="bookingOrTimeout"/>
						    <eventBasedGateway id="bookingOrTimeout" name="Booked or 3 days?"/>
						    <sequenceFlow id="toBooked" sourceRef="bookingOrTimeout" targetRef="paymentBooked"/>
						    <intermediateCatchEvent id="paymentBooked" name="Payment booked"
						                            sf:queue="%s" sf:map="orderId=$.order.id,amount=$.amount"
						                            sf:correlationKey="${orderId}">
						      <messageEventDefinition messageRef="paymentBookedMessage"/>
						    </intermediateCatchEvent>
						    <sequenceFlow id="toArchive" sourceRef="paymentBooked" targetRef="archiveInvoice"/>
						    <userTask id="archiveInvoice" name="Archive invoice" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
						    <sequenceFlow id="toArchived" sourceRef="archiveInvoice" targetRef="archived"/>
						    <endEvent id="archived" name="Archived" sf:outcome="done"/>
						    <sequenceFlow id="toLate" sourceRef="bookingOrTimeout" targetRef="bookingLate"/>
						    <intermediateCatchEvent id="bookingLate" name="Not booked in 3 days">
						      <timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition>
						    </intermediateCatchEvent>
						    <sequenceFlow id="toUnbooked" sourceRef="bookingLate" targetRef="unbooked"/>
						    <endEvent id="unbooked" name="Not booked" sf:outcome="failed"/>
						  </process>
						</definitions>
						"""
					.formatted(queue);
	}

	private TriggerProcesses() {
	}

}
