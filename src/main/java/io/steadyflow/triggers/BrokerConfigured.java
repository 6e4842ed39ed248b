package io.steadyflow.triggers;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when a RabbitMQ broker is configured ({@link BrokerSettings}). */
class BrokerConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return BrokerSettings.configured(Binder.get(context.getEnvironment()));
	}

}
