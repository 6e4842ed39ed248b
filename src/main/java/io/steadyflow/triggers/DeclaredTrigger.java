package io.steadyflow.triggers;

import java.time.Duration;
import java.util.List;

/**
 * A start or waiting event of a deployed process that work from outside arrives at.
 *
 * @param processDefinitionId the latest version that declares it
 * @param processDefinitionKey its process key
 * @param elementId the event (or receive task)
 * @param start whether it starts an instance (else an instance waits at it)
 * @param messageName the BPMN message it waits for or starts on, {@code null} for a none
 * start event
 * @param webhook the webhook name ({@code sf:webhook}), or {@code null}
 * @param queue the queue name ({@code sf:queue}), or {@code null}
 * @param mapping payload to variables ({@code sf:map}), or {@code null}
 * @param businessKeyPath where the business key is in the payload, or {@code null}
 * @param correlationKey the expression a message must match ({@code sf:correlationKey}),
 * or {@code null}
 * @param ttl how long an early message is kept ({@code sf:messageTtl}), or {@code null}
 * @param senders the groups and roles that may send the message ({@code sf:senders})
 */
public record DeclaredTrigger(String processDefinitionId, String processDefinitionKey, String elementId, boolean start,
		String messageName, String webhook, String queue, PayloadMapping mapping, String businessKeyPath,
		String correlationKey, Duration ttl, List<String> senders) {

	/** The reference kept with an instance it starts, e.g. {@code webhook:shop-order}. */
	String source() {
		return (this.webhook != null) ? "webhook:" + this.webhook
				: (this.queue != null) ? "queue:" + this.queue : "message:" + this.messageName;
	}

}
