package io.steadyflow.triggers;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Broker messages that could not start or resume anything (table {@code sf_dead_letter}),
 * for operators: the queue, the message id, the reason and the start of the body. The
 * message itself went to the queue's dead-letter queue ({@code <queue>.dead}), with the
 * reason in its {@code x-steadyflow-reason} header.
 */
@Component
public class DeadLetters {

	private static final int BODY_PREVIEW = 2000;

	private final JdbcTemplate jdbc;

	DeadLetters(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One dead letter.
	 *
	 * @param id its id
	 * @param queue the queue it came from
	 * @param messageId the broker message id, if it had one
	 * @param reason why it could not be used
	 * @param body the start of its body
	 * @param receivedAt when it was set aside
	 */
	public record DeadLetter(String id, String queue, String messageId, String reason, String body,
			Instant receivedAt) {
	}

	void record(String queue, String messageId, String reason, byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		this.jdbc.update(
				"INSERT INTO sf_dead_letter (id, queue_name, message_id, reason, body, received_at) VALUES (?, ?, ?, ?, ?, ?)",
				UUID.randomUUID().toString(), queue, messageId, truncate(reason, 2000), truncate(text, BODY_PREVIEW),
				Timestamp.from(Instant.now()));
	}

	/** The latest dead letters, newest first. */
	public List<DeadLetter> latest(int limit) {
		return this.jdbc.query(
				"SELECT id, queue_name, message_id, reason, body, received_at FROM sf_dead_letter ORDER BY received_at DESC"
						+ " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
				(row, i) -> new DeadLetter(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
						row.getString(5), row.getTimestamp(6).toInstant()));
	}

	private static String truncate(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length);
	}

}
