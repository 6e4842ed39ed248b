package io.steadyflow.triggers;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.instances.InstanceStarter;
import io.steadyflow.instances.StartedInstance;
import io.steadyflow.system.AfterCommit;
import io.steadyflow.system.JsonVariables;
import io.steadyflow.system.ProblemException;
import org.flowable.engine.RuntimeService;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers a message to the one instance waiting for it under its correlation key, or
 * starts an instance at a message start event, or, when the message declares a time to
 * live, keeps it (table {@code sf_message_buffer}) for the instance that starts waiting
 * within that time. Flowable correlates a message to an execution; the keys are
 * Steadyflow's ({@link MessageWaits}).
 * <p>
 * A kept message and a wait that begin at the same moment, in two transactions, cannot
 * see each other before they commit. So each side looks for the other after its own
 * commit (whichever commits second finds the first), and a sweep
 * ({@link KeptMessageSweep}) delivers what both missed (a node that stopped in between).
 * Delivery is exactly once: the message row is claimed ({@code delivered_to}) in the
 * transaction that delivers it, so that of two claimants the second finds it taken, and a
 * wait that got another message meanwhile rolls the claim back.
 */
@Service
public class MessageCorrelation {

	private static final Logger logger = LoggerFactory.getLogger(MessageCorrelation.class);

	/**
	 * How many threads may hand over kept messages right after their commit at once: each
	 * holds the committed transaction's connection and takes a second one, so that
	 * without a bound a burst could take the whole pool and wait for itself. Beyond it,
	 * the sweep delivers.
	 */
	private static final int AFTER_COMMIT_HANDOVERS = 4;

	private final Semaphore handovers = new Semaphore(AFTER_COMMIT_HANDOVERS);

	private final RuntimeService runtimeService;

	private final MessageWaits waits;

	private final DeployedTriggers triggers;

	private final InstanceStarter starter;

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final SpringProcessEngineConfiguration engine;

	/**
	 * A transaction of its own (REQUIRES_NEW): after a commit, the committed
	 * transaction's resources are still bound to the thread, and joining them would write
	 * outside any transaction.
	 */
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
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
		// an instance that began waiting in a transaction that committed meanwhile did
		// not see this message: it gets it now
		AfterCommit.run(() -> {
			if (!this.waits.find(name, correlationKey).isEmpty()) {
				handOver(() -> deliverKept(id, name, correlationKey));
			}
		});
		return new Outcome("buffered", null, id, expiresAt);
	}

	/**
	 * After the commit of a wait that began: the oldest kept message for it, if one was
	 * kept before (or while) it began.
	 */
	void waitBegan(String name, String correlationKey, String executionId) {
		if (!kept(name, correlationKey).isEmpty()) {
			handOver(() -> {
				for (String id : kept(name, correlationKey)) {
					if (deliver(id, name, executionId)) {
						return;
					}
				}
			});
		}
	}

	/**
	 * Delivers what the moments after the commits missed: every kept, unexpired message
	 * for which exactly one execution waits under its key.
	 * @return how many were delivered
	 */
	int sweep() {
		int delivered = 0;
		List<Map<String, Object>> kept = this.jdbc
			.queryForList(
					"SELECT id, message_name, correlation_key FROM sf_message_buffer WHERE delivered_to IS NULL "
							+ "AND expires_at > ? ORDER BY created_at FETCH FIRST 500 ROWS ONLY",
					Timestamp.from(now()));
		for (Map<String, Object> message : kept) {
			String id = (String) message.get("id");
			String name = (String) message.get("message_name");
			String key = (String) message.get("correlation_key");
			if (this.waits.find(name, key).isEmpty()) {
				continue;
			}
			try {
				Boolean done = this.transaction.execute((status) -> deliverKept(id, name, key));
				delivered += Boolean.TRUE.equals(done) ? 1 : 0;
			}
			catch (RuntimeException ex) {
				logger.info("Kept message {} ('{}') not delivered, tried again at the next sweep: {}", id, name,
						ex.toString());
			}
		}
		return delivered;
	}

	/**
	 * Removes the rows of kept messages that were delivered, or expired, longer ago than
	 * the retention; those that expired without reaching an instance are logged with
	 * their name and key first.
	 * @return how many rows were removed
	 */
	int purge(Duration retention) {
		Timestamp before = Timestamp.from(now().minus(retention));
		for (Map<String, Object> expired : this.jdbc
			.queryForList("SELECT id, message_name, correlation_key, expires_at FROM sf_message_buffer"
					+ " WHERE delivered_to IS NULL AND expires_at < ? FETCH FIRST 500 ROWS ONLY", before)) {
			logger.warn("Kept message {} ('{}', key '{}') expired at {} without an instance waiting for it; removed",
					expired.get("id"), expired.get("message_name"), expired.get("correlation_key"),
					expired.get("expires_at"));
		}
		return this.jdbc.update("DELETE FROM sf_message_buffer WHERE expires_at < ?"
				+ " OR (delivered_to IS NOT NULL AND created_at < ?)", before, before);
	}

	/** The kept, unexpired, undelivered messages under the key, oldest first. */
	private List<String> kept(String name, String correlationKey) {
		String sql = "SELECT id FROM sf_message_buffer WHERE message_name = ? AND "
				+ ((correlationKey != null) ? "correlation_key = ?" : "correlation_key IS NULL")
				+ " AND delivered_to IS NULL AND expires_at > ? ORDER BY created_at";
		Timestamp now = Timestamp.from(now());
		Object[] args = (correlationKey != null) ? new Object[] { name, correlationKey, now }
				: new Object[] { name, now };
		return this.jdbc.queryForList(sql, String.class, args);
	}

	/**
	 * A kept message to the one execution waiting for it under its key, if exactly one
	 * does (several: it stays kept, as a sent message would be refused).
	 */
	private boolean deliverKept(String id, String name, String correlationKey) {
		List<MessageWaits.Wait> waiting = live(name, correlationKey);
		return waiting.size() == 1 && deliver(id, name, waiting.get(0).executionId());
	}

	/**
	 * Claims the kept message and delivers it, in the caller's transaction: a message
	 * claimed by another transaction first (the row lock makes this one wait for it) is
	 * not delivered again, and an execution that no longer waits (it got another message)
	 * fails the delivery, which rolls the claim back with it.
	 */
	private boolean deliver(String id, String name, String executionId) {
		int claimed = this.jdbc.update(
				"UPDATE sf_message_buffer SET delivered_to = ? WHERE id = ? AND delivered_to IS NULL AND expires_at > ?",
				executionId, id, Timestamp.from(now()));
		if (claimed != 1) {
			return false;
		}
		String variables = this.jdbc.queryForObject("SELECT variables_json FROM sf_message_buffer WHERE id = ?",
				String.class, id);
		this.runtimeService.messageEventReceived(name, executionId, read(variables));
		return true;
	}

	/**
	 * Runs a hand-over right after a commit, in a transaction of its own, unless too many
	 * run already; a failed or skipped one is left to the sweep.
	 */
	private void handOver(Runnable work) {
		if (!this.handovers.tryAcquire()) {
			logger.debug("Kept message hand-over left to the sweep: {} running", AFTER_COMMIT_HANDOVERS);
			return;
		}
		try {
			this.transaction.executeWithoutResult((status) -> work.run());
		}
		catch (RuntimeException ex) {
			logger.info("Kept message not handed over after the commit, left to the sweep: {}", ex.toString());
		}
		finally {
			this.handovers.release();
		}
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
