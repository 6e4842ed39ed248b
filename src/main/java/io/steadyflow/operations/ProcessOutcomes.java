package io.steadyflow.operations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.steadyflow.system.AfterCommit;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How ended instances ended (table {@code sf_instance_outcome}): written in the
 * transaction that ends the instance, so an instance that is rolled back leaves no row
 * and an ended one always has its row. Announced as {@link InstanceEnded} after the
 * commit.
 */
@Component
public class ProcessOutcomes {

	/**
	 * The class of instances whose end event declared none (versions before the rule).
	 */
	public static final String UNKNOWN = "unknown";

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	ProcessOutcomes(JdbcTemplate jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * How one instance ended.
	 *
	 * @param processInstanceId the instance
	 * @param processDefinitionId its definition's id
	 * @param processDefinitionKey its process key
	 * @param processDefinitionVersion its version
	 * @param endActivityId the end event reached, or {@code null} when it was cancelled
	 * @param endActivityName that end event's name, or a description of the cancellation
	 * @param outcome {@code done}, {@code rejected}, {@code cancelled}, {@code failed},
	 * {@code escalated} or {@code unknown}
	 * @param startedAt when the instance started
	 * @param endedAt when it ended
	 */
	public record Ended(String processInstanceId, String processDefinitionId, String processDefinitionKey,
			int processDefinitionVersion, String endActivityId, String endActivityName, String outcome,
			Instant startedAt, Instant endedAt) {

		public Duration duration() {
			return Duration.between(this.startedAt, this.endedAt);
		}

	}

	/**
	 * Records the end; a second end event reached by the same instance (a parallel branch
	 * that ended earlier) is replaced by the last one, which is the one that ended it.
	 * @param first the caller knows that the instance has no row yet: it is inserted
	 * without trying an update first
	 */
	void record(Ended ended, boolean first) {
		Timestamp startedAt = Timestamp.from(ended.startedAt());
		Timestamp endedAt = Timestamp.from(ended.endedAt());
		long durationMs = Math.max(0, ended.duration().toMillis());
		int updated = first ? 0 : this.jdbc.update("""
				UPDATE sf_instance_outcome SET end_activity_id = ?, end_activity_name = ?, outcome = ?, ended_at = ?,
				       duration_ms = ?
				WHERE process_instance_id = ?""", ended.endActivityId(), ended.endActivityName(), ended.outcome(),
				endedAt, durationMs, ended.processInstanceId());
		if (updated == 0) {
			this.jdbc.update(
					"""
							INSERT INTO sf_instance_outcome (process_instance_id, process_definition_id, process_definition_key,
							       process_definition_version, end_activity_id, end_activity_name, outcome, started_at, ended_at,
							       duration_ms)
							VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
					ended.processInstanceId(), ended.processDefinitionId(), ended.processDefinitionKey(),
					ended.processDefinitionVersion(), ended.endActivityId(), ended.endActivityName(), ended.outcome(),
					startedAt, endedAt, durationMs);
		}
	}

	/**
	 * Announces, after the commit, how the instance ended (once per instance: the
	 * recorder calls it when the engine says the instance ended, not at each end event a
	 * parallel branch reaches).
	 */
	void announce(Ended ended) {
		AfterCommit.run(() -> this.events.publishEvent(new InstanceEnded(ended.processDefinitionKey(),
				ended.processDefinitionVersion(), ended.outcome(), ended.endActivityId(), ended.duration())));
	}

}
