package io.steadyflow.triggers;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.steadyflow.instances.InstanceStarter;
import io.steadyflow.instances.StartedInstance;
import io.steadyflow.system.ProblemException;
import org.flowable.spring.SpringProcessEngineConfiguration;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts or resumes an instance for a delivery from outside (a webhook call, a broker
 * message), at most once per delivery id. The id is reserved in
 * {@code sf_trigger_delivery} in the same transaction that starts or resumes the
 * instance: a repeat, on this node or another, waits on the row's key until the first
 * commits, then fails on it and is answered with what the first one did; if the first
 * rolled back, the repeat does the work instead.
 */
@Service
class Deliveries {

	private static final int ATTEMPTS = 3;

	private final JdbcTemplate jdbc;

	private final InstanceStarter starter;

	private final MessageCorrelation correlation;

	private final SpringProcessEngineConfiguration engine;

	private final TransactionTemplate transaction;

	Deliveries(JdbcTemplate jdbc, InstanceStarter starter, MessageCorrelation correlation,
			SpringProcessEngineConfiguration engine, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.starter = starter;
		this.correlation = correlation;
		this.engine = engine;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * What a delivery did.
	 *
	 * @param processInstanceId the instance started or resumed ({@code null} when the
	 * message was kept for later)
	 * @param outcome {@code started}, {@code delivered} or {@code buffered}
	 * @param deliveryId the delivery id, {@code null} when it had none
	 * @param repeated whether this is a repeat answered with the first delivery's result
	 */
	record Delivered(String processInstanceId, String outcome, String deliveryId, boolean repeated) {
	}

	/**
	 * Starts (start trigger) or correlates (waiting trigger) with the mapped variables.
	 * @param deliveryId the delivery's id, or {@code null} when it has none (then nothing
	 * guards against repeats but the business key)
	 * @throws ProblemException 404/409 from correlation, 409 for a business key that
	 * another delivery used
	 */
	Delivered deliver(DeclaredTrigger trigger, String deliveryId, Map<String, Object> variables, String businessKey) {
		String source = trigger.source();
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute((status) -> run(trigger, source, deliveryId, variables, businessKey));
			}
			catch (DuplicateKeyException ex) {
				Optional<Delivered> first = (deliveryId != null) ? find(source, deliveryId) : Optional.empty();
				if (first.isPresent()) {
					return first.get();
				}
				if (businessKey != null && trigger.start()) {
					Optional<String> existing = this.starter.existingInstance(trigger.processDefinitionKey(),
							businessKey);
					if (existing.isPresent()) {
						return new Delivered(existing.get(), "started", deliveryId, true);
					}
				}
				if (attempt >= ATTEMPTS) {
					throw ex;
				}
			}
			catch (PessimisticLockingFailureException ex) {
				// H2 gives up waiting for the first delivery's row lock sooner than
				// PostgreSQL; the repeat then finds the row
				if (attempt >= ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private Delivered run(DeclaredTrigger trigger, String source, String deliveryId, Map<String, Object> variables,
			String businessKey) {
		if (deliveryId != null) {
			this.jdbc.update(
					"INSERT INTO sf_trigger_delivery (source, delivery_id, outcome, created_at) VALUES (?, ?, ?, ?)",
					source, deliveryId, "pending", Timestamp.from(Instant.now()));
		}
		String referenceId = (deliveryId != null) ? deliveryId : "-";
		Delivered delivered;
		if (trigger.start()) {
			StartedInstance started = this.starter.startTriggered(trigger.processDefinitionKey(), trigger.messageName(),
					businessKey, variables, source, referenceId);
			delivered = new Delivered(started.id(), "started", deliveryId, false);
		}
		else {
			String key = MessageWaits.key(this.engine.getExpressionManager(), trigger.correlationKey(), variables);
			MessageCorrelation.Outcome outcome = this.correlation.send(trigger.messageName(), key, variables, null,
					source, referenceId);
			delivered = new Delivered(outcome.processInstanceId(), outcome.outcome(), deliveryId, false);
		}
		if (deliveryId != null) {
			this.jdbc.update(
					"UPDATE sf_trigger_delivery SET process_instance_id = ?, outcome = ? WHERE source = ? AND delivery_id = ?",
					delivered.processInstanceId(), delivered.outcome(), source, deliveryId);
		}
		return delivered;
	}

	/** The first answer to a delivery id, if it was delivered (committed). */
	Optional<Delivered> find(String source, String deliveryId) {
		return this.jdbc
			.query("SELECT process_instance_id, outcome FROM sf_trigger_delivery WHERE source = ? AND delivery_id = ?",
					(row, i) -> new Delivered(row.getString(1), row.getString(2), deliveryId, true), source, deliveryId)
			.stream()
			.findFirst();
	}

}
