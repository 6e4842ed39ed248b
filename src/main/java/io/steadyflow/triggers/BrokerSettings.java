package io.steadyflow.triggers;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * Whether a RabbitMQ broker is configured: {@code spring.rabbitmq.host} or
 * {@code spring.rabbitmq.addresses} is set. Without one, no queue listener starts and a
 * diagram with a queue trigger is refused at deployment, rather than waiting for messages
 * that can never come.
 */
public final class BrokerSettings {

	private BrokerSettings() {
	}

	public static boolean configured(Binder binder) {
		return binder.bind("spring.rabbitmq.host", String.class).map((host) -> !host.isBlank()).orElse(false)
				|| binder.bind("spring.rabbitmq.addresses", String.class).map((a) -> !a.isBlank()).orElse(false);
	}

}
