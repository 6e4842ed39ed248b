package io.steadyflow.triggers;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.actuate.amqp.RabbitHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * RabbitMQ, when a broker is configured ({@code spring.rabbitmq.host} or
 * {@code .addresses}): the queue listeners, the outbox relay and the broker's health
 * ({@code broker} in {@code /actuator/health}, {@link BrokerHealth}; Spring Boot's own is
 * switched off, as it would probe localhost even without a configured broker). Without a
 * broker there is neither, and the readiness gate refuses queue triggers.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerConfigured.class)
class QueueConfiguration {

	@Bean
	QueueListeners queueListeners(ConnectionFactory connectionFactory, DeployedTriggers triggers, Deliveries deliveries,
			DeadLetters deadLetters, ObjectMapper json, TriggerProperties properties) {
		return new QueueListeners(connectionFactory, triggers, deliveries, deadLetters, json,
				properties.queueRefresh());
	}

	@Bean
	OutboxRelay outboxRelay(JdbcTemplate jdbc, RabbitTemplate rabbitTemplate, TriggerProperties properties,
			PlatformTransactionManager transactions) {
		return new OutboxRelay(jdbc, rabbitTemplate, properties.queueRefresh(), transactions);
	}

	@Bean
	HealthIndicator brokerHealthIndicator(RabbitTemplate rabbitTemplate, OutboxRelay outbox) {
		return new BrokerHealth(new RabbitHealthIndicator(rabbitTemplate), outbox);
	}

}
