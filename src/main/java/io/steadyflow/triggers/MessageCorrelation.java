package io.steadyflow.triggers;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.instances.InstanceStarter;
import io.steadyflow.instances.StartedInstance;
import io.steadyflow.system.JsonVariables;
import io.steadyflow.system.ProblemException;
import org.flowable.engine.RuntimeService;
import org.flowable.spring.SpringProcessEngineConfiguration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers a message to the one instance waiting for it under its correlation key, or
 * starts an instance at a message start event, or, when the message declares a time to
 * live, keeps it (table {@code sf_message_buffer}) for the instance that starts waiting
 * within that time. Flowable correlates a message to an execution; the keys are
 * Steadyflow's ({@link MessageWaits}).
 */
@Service
public class MessageCorrelation {

	private final RuntimeService runtimeService;

	private final MessageWaits waits;

	private final DeployedTriggers triggers;

	private final InstanceStarter starter;

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final SpringProcessEngineConfiguration engine;

	private final TransactionTemplate transaction;

	MessageCorrelation(RuntimeService runtimeService, MessageWaits waits, DeployedTriggers triggers,
			InstanceStarter starter, JdbcTemplate jdbc, ObjectMapper json, SpringProcessEngineConfiguration engine,
			PlatformTransactionManager transactions) {
		this.runtimeService = runtimeService;
		this.waits = waits;
		this.triggers = triggers;
		this.starter = starter;
		this.jdbc = jdbc;
		this.json = json;
		this.engine = engine;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * What became of a message.
	 *
	 * @param outcome {@code delivered} (to a waiting instance), {@code started} (a new
	 * instance) or {@code buffered} (kept until an instance waits for it)
	 * @param processInstanceId the instance it went to, {@code null} when buffered
	 * @param messageId the kept message's id, when buffered
	 * @param expiresAt until when it is kept, when buffered
	 */
	public record Outcome(String outcome, String processInstanceId, String messageId, Instant expiresAt) {
	}

	/**
	 * Delivers, starts or buffers, in the caller's transaction.
	 * @param ttl how long to keep the message if nobody waits; {@code null} takes the
	 * longest {@code sf:messageTtl} declared for the message
	 * @throws ProblemException 404 when nobody waits, nothing starts on it and it may not
	 * be kept; 409 naming the instances when several wait under the key
	 */
	@Transactional
	public Outcome send(String name, String correlationKey, Map<String, Object> variables, Duration ttl,
			String referenceType, String referenceId) {
		List<MessageWaits.Wait> waiting = live(name, correlationKey);
		if (waiting.size() > 1) {
			List<String> instances = waiting.stream().map(MessageWaits.Wait::processInstanceId).distinct().toList();
			throw ProblemException
				.conflict("Message '" + name + "' with correlation key '" + correlationKey + "' matches "
						+ waiting.size() + " waiting executions, of instances " + String.join(", ", instances)
						+ "; a correlation key must identify one.")
				.with("processInstanceIds", instances);
		}
		if (waiting.size() == 1) {
			MessageWaits.Wait wait = waiting.get(0);
			this.runtimeService.messageEventReceived(name, wait.executionId(), variables);
			return new Outcome("delivered", wait.processInstanceId(), null, null);
		}
		List<DeclaredTrigger> declared = this.triggers.message(name);
		DeclaredTrigger start = declared.stream().filter(DeclaredTrigger::start).findFirst().orElse(null);
		if (start != null) {
			StartedInstance started = this.starter.startTriggered(start.processDefinitionKey(), name, null, variables,
					referenceType, referenceId);
			return new Outcome("started", started.id(), null, null);
		}
		Duration keep = (ttl != null) ? ttl
				: declared.stream()
					.map(DeclaredTrigger::ttl)
					.filter(Objects::nonNull)
					.max(Duration::compareTo)
					.orElse(null);
		if (keep == null || keep.isZero() || keep.isNegative()) {
			throw ProblemException.notFound("No instance waits for message '" + name + "' with correlation key '"
					+ correlationKey + "', no process starts on it, and it declares no time to live "
					+ "(sf:messageTtl, or \"ttl\" in the request) to be kept for one that will.");
		}
		return buffer(name, correlationKey, variables, keep);
	}

	/**
	 * The executions waiting for the message under the key whose subscription still
	 * exists; rows of ended waits are removed on the way.
	 */
	private List<MessageWaits.Wait> live(String name, String correlationKey) {
		return this.waits.find(name, correlationKey).stream().filter((wait) -> {
			boolean subscribed = this.runtimeService.createEventSubscriptionQuery()
				.eventType("message")
				.eventName(name)
				.executionId(wait.executionId())
				.count() > 0;
			if (!subscribed) {
				this.waits.remove(wait.executionId(), name);
			}
			return subscribed;
		}).toList();
	}

	private Outcome buffer(String name, String correlationKey, Map<String, Object> variables, Duration ttl) {
		String id = UUID.randomUUID().toString();
		Instant now = now();
		Instant expiresAt = now.plus(ttl);
		this.jdbc.update(
				"""
						INSERT INTO sf_message_buffer (id, message_name, correlation_key, variables_json, created_at, expires_at)
						VALUES (?, ?, ?, ?, ?, ?)""",
				id, name, correlationKey, write(variables), Timestamp.from(now), Timestamp.from(expiresAt));
		return new Outcome("buffered", null, id, expiresAt);
	}

	/**
	 * The oldest kept, unexpired, undelivered message for a wait that just began, if any.
	 */
	String bufferedFor(String name, String correlationKey) {
		String sql = "SELECT id FROM sf_message_buffer WHERE message_name = ? AND "
				+ ((correlationKey != null) ? "correlation_key = ?" : "correlation_key IS NULL")
				+ " AND delivered_to IS NULL AND expires_at > ? ORDER BY created_at";
		Timestamp now = Timestamp.from(now());
		Object[] args = (correlationKey != null) ? new Object[] { name, correlationKey, now }
				: new Object[] { name, now };
		return this.jdbc.queryForList(sql, String.class, args).stream().findFirst().orElse(null);
	}

	/**
	 * Delivers a kept message to an execution that started waiting for it, in a
	 * transaction of its own (after the one that made it wait committed). The message is
	 * claimed first, so that of two nodes only one delivers it.
	 */
	void deliverBuffered(String messageId, String name, String executionId) {
		this.transaction.executeWithoutResult((status) -> {
			int claimed = this.jdbc.update(
					"UPDATE sf_message_buffer SET delivered_to = ? WHERE id = ? AND delivered_to IS NULL", executionId,
					messageId);
			if (claimed == 1) {
				String variables = this.jdbc.queryForObject("SELECT variables_json FROM sf_message_buffer WHERE id = ?",
						String.class, messageId);
				this.runtimeService.messageEventReceived(name, executionId, read(variables));
			}
		});
	}

	/** The engine's clock, so that tests move time the way they do for timers. */
	Instant now() {
		return this.engine.getClock().getCurrentTime().toInstant();
	}

	private String write(Map<String, Object> variables) {
		try {
			return this.json.writeValueAsString(variables);
		}
		catch (JsonProcessingException ex) {
			throw ProblemException.badRequest("The message's variables cannot be kept as JSON: " + ex.getMessage());
		}
	}

	private Map<String, Object> read(String variables) {
		try {
			Map<String, Object> values = new LinkedHashMap<>();
			JsonNode node = this.json.readTree(variables);
			node.fields()
				.forEachRemaining((field) -> values.put(field.getKey(), JsonVariables.toValue(field.getValue())));
			return values;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Kept message variables are not JSON", ex);
		}
	}

}
