package io.steadyflow.triggers;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.system.AfterCommit;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code flowable:delegateExpression="${publishEvent}"}: publishes an event to a RabbitMQ
 * exchange ({@code sf:exchange}, {@code sf:routingKey}) with the variables that
 * {@code sf:map} names ({@code field=variable} or just {@code variable}, comma-separated)
 * as a JSON object. The event is written to the outbox (table {@code sf_outbox}) in the
 * step's transaction and published after the commit: a step that rolls back publishes
 * nothing, and an event the broker did not take stays in the outbox until the relay
 * publishes it ({@link OutboxRelay}). Its message id is the outbox id, the same for every
 * attempt, so that consumers can drop a repeat.
 */
@Component
public class PublishEvent implements JavaDelegate {

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final ObjectProvider<OutboxRelay> relay;

	PublishEvent(JdbcTemplate jdbc, ObjectMapper json, ObjectProvider<OutboxRelay> relay) {
		this.jdbc = jdbc;
		this.json = json;
		this.relay = relay;
	}

	@Override
	public void execute(DelegateExecution execution) {
		FlowElement step = execution.getCurrentFlowElement();
		String exchange = step.getAttributeValue(TriggerAttributes.NAMESPACE, TriggerAttributes.EXCHANGE);
		String routingKey = TriggerAttributes.of(step, TriggerAttributes.ROUTING_KEY);
		if (exchange == null) {
			throw new FlowableException("Step " + step.getId() + " publishes an event but declares no sf:exchange");
		}
		Map<String, Object> event = new LinkedHashMap<>();
		String map = TriggerAttributes.of(step, TriggerAttributes.MAP);
		if (map != null) {
			for (String part : map.split(",")) {
				String[] pair = part.split("=", 2);
				String field = pair[0].strip();
				String variable = (pair.length == 2) ? pair[1].strip() : field;
				event.put(field, execution.getVariable(variable));
			}
		}
		String id = UUID.randomUUID().toString();
		this.jdbc.update("""
				INSERT INTO sf_outbox (id, exchange_name, routing_key, body, process_instance_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?)""", id, exchange, (routingKey != null) ? routingKey : "", write(event),
				execution.getProcessInstanceId(), Timestamp.from(Instant.now()));
		OutboxRelay outbox = this.relay.getIfAvailable();
		if (outbox != null) {
			AfterCommit.run(() -> outbox.publishAfterCommit(id));
		}
	}

	private String write(Map<String, Object> event) {
		try {
			return this.json.writeValueAsString(event);
		}
		catch (JsonProcessingException ex) {
			throw new FlowableException("The event's variables cannot be written as JSON", ex);
		}
	}

}
