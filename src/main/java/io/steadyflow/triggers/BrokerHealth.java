package io.steadyflow.triggers;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The broker's part in a node's health ({@code broker} in {@code /actuator/health}). A
 * node whose broker is unreachable still answers requests and runs its processes: the
 * events its steps publish wait in the outbox, the messages sent to it wait in the
 * broker, and both flow once the broker is back. Taking the node out of a load balancer
 * would not bring the broker back, and every node loses it at once. So an unreachable
 * broker makes the node {@code DEGRADED} (answered with 200, after {@code DOWN} and
 * {@code OUT_OF_SERVICE} in {@code management.endpoint.health.status.order}), not
 * {@code DOWN}; operators see the component with the broker's error and the events
 * waiting to be published.
 */
final class BrokerHealth implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED",
			"The broker is unreachable: events wait in the outbox and messages in the broker until it is back");

	private final HealthIndicator broker;

	private final OutboxRelay outbox;

	BrokerHealth(HealthIndicator broker, OutboxRelay outbox) {
		this.broker = broker;
		this.outbox = outbox;
	}

	@Override
	public Health health() {
		Health probed = this.broker.health();
		Health.Builder health = Status.DOWN.equals(probed.getStatus()) ? Health.status(DEGRADED)
				: Health.status(probed.getStatus());
		health.withDetails(probed.getDetails());
		try {
			health.withDetail("eventsWaiting", this.outbox.pending());
		}
		catch (RuntimeException ex) {
			// the database's own health says why; the broker's stays readable
			health.withDetail("eventsWaiting", "unknown");
		}
		return health.build();
	}

}
