package io.steadyflow.ai.learning;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Candidate examples (table {@code sf_ai_candidate}): people's decisions about what a
 * classify step read, kept for the authors to review. Recorded in the engine's
 * transaction of the decision; reviewed and published by authors.
 */
@Repository
class Candidates {

	static final String PENDING = "pending";

	static final String ACCEPTED = "accepted";

	static final String DISCARDED = "discarded";

	static final String PUBLISHED = "published";

	private static final String COLUMNS = """
			id, process_definition_key, process_instance_id, activity_id, labels_file, labels_version, text, ai_label,
			ai_confidence, ai_sure, human_label, rejected_label, reason, decision, decided_in, decided_by, decided_at,
			status, final_label, reviewed_by, reviewed_at, published_in""";

	private final JdbcTemplate jdbc;

	Candidates(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void record(Candidate c) {
		this.jdbc.update(
				"INSERT INTO sf_ai_candidate (" + COLUMNS
						+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				c.id(), c.processKey(), c.processInstanceId(), c.activityId(), c.labelsFile(), c.labelsVersion(),
				c.text(), c.aiLabel(), c.aiConfidence(), c.aiSure(), c.humanLabel(), c.rejectedLabel(), c.reason(),
				c.decision(), c.decidedIn(), c.decidedBy(), Timestamp.from(c.decidedAt()), c.status(), c.finalLabel(),
				c.reviewedBy(), (c.reviewedAt() != null) ? Timestamp.from(c.reviewedAt()) : null, c.publishedIn());
	}

	static String newId() {
		return UUID.randomUUID().toString();
	}

	Optional<Candidate> find(String processKey, String id) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM sf_ai_candidate WHERE process_definition_key = ? AND id = ?",
					Candidates::candidate, processKey, id)
			.stream()
			.findFirst();
	}

	/** A process's candidates in the given states, newest decision first. */
	List<Candidate> list(String processKey, List<String> states, int limit) {
		String marks = String.join(", ", states.stream().map((s) -> "?").toList());
		Object[] args = new Object[states.size() + 2];
		args[0] = processKey;
		for (int i = 0; i < states.size(); i++) {
			args[i + 1] = states.get(i);
		}
		args[args.length - 1] = limit;
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM sf_ai_candidate WHERE process_definition_key = ? AND status IN ("
					+ marks + ") ORDER BY decided_at DESC, id FETCH FIRST ? ROWS ONLY", Candidates::candidate, args);
	}

	/** The accepted candidates of a labels file not yet in a published version. */
	List<Candidate> accepted(String processKey, String labelsFile) {
		return this.jdbc.query("SELECT " + COLUMNS
				+ " FROM sf_ai_candidate WHERE process_definition_key = ? AND labels_file = ? AND status = ? ORDER BY decided_at, id",
				Candidates::candidate, processKey, labelsFile, ACCEPTED);
	}

	/**
	 * Moves a candidate to a review state, only from pending or accepted (a published one
	 * is part of a labels version).
	 * @return whether it moved
	 */
	boolean review(String id, String status, String finalLabel, String reviewer, Instant at) {
		return this.jdbc.update("""
				UPDATE sf_ai_candidate SET status = ?, final_label = ?, reviewed_by = ?, reviewed_at = ?
				WHERE id = ? AND status IN (?, ?)""", status, finalLabel, reviewer, Timestamp.from(at), id, PENDING,
				ACCEPTED) == 1;
	}

	int publish(List<String> ids, int version) {
		int moved = 0;
		for (String id : ids) {
			moved += this.jdbc.update(
					"UPDATE sf_ai_candidate SET status = ?, published_in = ? WHERE id = ? AND status = ?", PUBLISHED,
					version, id, ACCEPTED);
		}
		return moved;
	}

	/**
	 * Deletes every candidate decided before {@code cutoff}: the ticket texts are not
	 * kept longer than the retention period. Published ones live on as examples in the
	 * labels version they went into.
	 */
	int purge(Instant cutoff) {
		return this.jdbc.update("DELETE FROM sf_ai_candidate WHERE decided_at < ?", Timestamp.from(cutoff));
	}

	private static Candidate candidate(ResultSet rs, int row) throws SQLException {
		Timestamp reviewed = rs.getTimestamp(21);
		return new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getString(7), rs.getString(8), (Double) rs.getObject(9, Double.class),
				(Boolean) rs.getObject(10, Boolean.class), rs.getString(11), rs.getString(12), rs.getString(13),
				rs.getString(14), rs.getString(15), rs.getString(16), rs.getTimestamp(17).toInstant(), rs.getString(18),
				rs.getString(19), rs.getString(20), (reviewed != null) ? reviewed.toInstant() : null,
				(Integer) rs.getObject(22, Integer.class));
	}

}
