package io.steadyflow.triggers;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.ReceiveTask;

/**
 * The diagram attributes (namespace {@code urn:steadyflow:bpmn}) that declare how work
 * arrives from outside and leaves for other systems (docs/triggers.md). Shared with the
 * readiness rules and the generated documentation.
 */
public final class TriggerAttributes {

	public static final String NAMESPACE = "urn:steadyflow:bpmn";

	/**
	 * On a start event, a message catch event or a receive task with a
	 * {@code messageRef}: the name of the signed webhook ({@code POST /hooks/<name>})
	 * that starts or resumes it.
	 */
	public static final String WEBHOOK = "webhook";

	/**
	 * On a start event, a message catch event or a receive task with a
	 * {@code messageRef}: the RabbitMQ queue whose messages start or resume it.
	 */
	public static final String QUEUE = "queue";

	/**
	 * Payload to variables, {@code variable=$.json.path} pairs separated by commas, e.g.
	 * {@code orderId=$.order.id,total=$.order.total}; on a publishing step the other way
	 * round: {@code field=${expression}}.
	 */
	public static final String MAP = "map";

	/** On a start trigger: the JSON path of the business key in the payload. */
	public static final String BUSINESS_KEY = "businessKey";

	/**
	 * On a waiting event: the expression, over the instance's variables, that a message
	 * must match to be delivered to it, e.g. {@code ${orderId}}. For webhook and queue
	 * messages it is evaluated over the mapped payload too.
	 */
	public static final String CORRELATION_KEY = "correlationKey";

	/**
	 * On a waiting event: how long (ISO-8601 duration) a message that arrives before an
	 * instance waits for it is kept for the instance that starts waiting.
	 */
	public static final String MESSAGE_TTL = "messageTtl";

	/**
	 * On a message event: the groups or roles that may send the message through
	 * {@code POST /api/messages}, comma-separated (admins always may).
	 */
	public static final String SENDERS = "senders";

	/**
	 * On a waiting event: why it may wait for ever (no timer on the path), the documented
	 * exemption of the readiness rule.
	 */
	public static final String NO_TIMEOUT = "noTimeout";

	/** On a publishing step: the RabbitMQ exchange an event is published to. */
	public static final String EXCHANGE = "exchange";

	/** On a publishing step: the routing key of the published event. */
	public static final String ROUTING_KEY = "routingKey";

	private TriggerAttributes() {
	}

	/**
	 * The name of the message a receive task waits for: BPMN's own {@code messageRef}
	 * attribute on {@code <receiveTask>}, which Flowable keeps but does not act on
	 * (Steadyflow subscribes the task to the message, {@link MessageReceiveTask}). The
	 * reference is a declared message's id; its name is the message name, as for message
	 * events. {@code null} for a receive task without one (resumed by
	 * {@code RuntimeService.trigger} only).
	 */
	public static String receiveTaskMessage(BpmnModel model, ReceiveTask task) {
		String ref = task.getAttributeValue(null, "messageRef");
		if (ref == null || ref.isBlank()) {
			return null;
		}
		Message declared = model.getMessage(ref.strip());
		return (declared != null && declared.getName() != null && !declared.getName().isBlank())
				? declared.getName().strip() : ref.strip();
	}

	/** The attribute's stripped value, or {@code null} when absent or blank. */
	public static String of(BaseElement element, String attribute) {
		String value = element.getAttributeValue(NAMESPACE, attribute);
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
