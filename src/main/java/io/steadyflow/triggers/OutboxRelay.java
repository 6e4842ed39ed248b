package io.steadyflow.triggers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the events of the outbox ({@link PublishEvent}) and deletes each once the
 * broker confirmed it: at once after the step's commit (at most
 * {@value #AFTER_COMMIT_PUBLISHES} at a time), and again every
 * {@code steadyflow.triggers.queue-refresh} for those the broker did not take (down,
 * unreachable), so that an outage delays events and loses none. An event is published
 * while its row is locked ({@code FOR UPDATE SKIP LOCKED}): the publish right after the
 * commit and the relay, on this node or another, never publish it both. At least once: a
 * node that dies between the confirm and the delete's commit publishes the event again,
 * under the same message id.
 */
class OutboxRelay implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	/**
	 * How many publishes right after a step's commit may run at once: each holds the
	 * committed transaction's connection and takes a second one, so that without a bound
	 * a burst of publishing steps (or a slow broker) could take the whole pool and wait
	 * for itself. Beyond it, the relay publishes.
	 */
	static final int AFTER_COMMIT_PUBLISHES = 4;

	final Semaphore afterCommit = new Semaphore(AFTER_COMMIT_PUBLISHES);

	private final JdbcTemplate jdbc;

	private final RabbitTemplate rabbit;

	private final Duration interval;

	/**
	 * A transaction of its own: the publish right after a step's commit runs while the
	 * committed transaction's resources are still bound to the thread.
	 */
	private final TransactionTemplate transaction;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "steadyflow-outbox");
		thread.setDaemon(true);
		return thread;
	});

	OutboxRelay(JdbcTemplate jdbc, RabbitTemplate rabbit, Duration interval, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.rabbit = rabbit;
		this.interval = interval;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.scheduler.scheduleWithFixedDelay(this::publishPending, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** Publishes the pending events, oldest first, until the broker refuses one. */
	void publishPending() {
		try {
			List<String> pending = this.jdbc
				.queryForList("SELECT id FROM sf_outbox ORDER BY created_at FETCH FIRST 500 ROWS ONLY", String.class);
			for (String id : pending) {
				if (!publish(id)) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox not relayed: {}", ex.getMessage());
		}
	}

	/**
	 * Publishes an event right after the commit of the step that kept it, unless
	 * {@value #AFTER_COMMIT_PUBLISHES} such publishes run already: then the relay
	 * publishes it at its next round.
	 * @return whether it was tried now
	 */
	boolean publishAfterCommit(String id) {
		if (!this.afterCommit.tryAcquire()) {
			logger.debug("Event {} left to the relay: {} publishes after commits running", id, AFTER_COMMIT_PUBLISHES);
			return false;
		}
		try {
			publish(id);
			return true;
		}
		finally {
			this.afterCommit.release();
		}
	}

	/**
	 * Publishes one event and deletes it once confirmed; false when the broker did not
	 * take it. An event that is gone (published) or locked (being published elsewhere)
	 * counts as taken.
	 */
	boolean publish(String id) {
		try {
			return Boolean.TRUE.equals(this.transaction.execute((status) -> {
				List<Map<String, Object>> rows = this.jdbc.queryForList(
						"SELECT exchange_name, routing_key, body, process_instance_id FROM sf_outbox WHERE id = ? "
								+ "FOR UPDATE SKIP LOCKED",
						id);
				if (rows.isEmpty()) {
					return true;
				}
				Map<String, Object> row = rows.get(0);
				MessageProperties properties = new MessageProperties();
				properties.setMessageId(id);
				properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
				properties.setHeader("x-steadyflow-process-instance", row.get("process_instance_id"));
				Message message = new Message(((String) row.get("body")).getBytes(StandardCharsets.UTF_8), properties);
				this.rabbit.invoke((operations) -> {
					operations.send((String) row.get("exchange_name"), (String) row.get("routing_key"), message);
					operations.waitForConfirmsOrDie(5000);
					return null;
				});
				this.jdbc.update("DELETE FROM sf_outbox WHERE id = ?", id);
				return true;
			}));
		}
		catch (RuntimeException ex) {
			logger.warn("Event {} stays in the outbox: {}", id, ex.getMessage());
			return false;
		}
	}

	/** How many events wait to be published. */
	long pending() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM sf_outbox", Long.class);
		return (count != null) ? count : 0;
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
