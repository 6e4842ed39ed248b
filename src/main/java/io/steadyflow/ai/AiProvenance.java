package io.steadyflow.ai;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The record of what AI steps said (table {@code sf_ai_provenance}). Rows are written in
 * the engine's transaction: a step that fails leaves none, a step that succeeds always
 * leaves one.
 */
@Repository
public class AiProvenance {

	private final JdbcTemplate jdbc;

	AiProvenance(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void record(AiRecord record) {
		this.jdbc.update("""
				INSERT INTO sf_ai_provenance (id, process_instance_id, activity_id, kind, result_variable, model_id,
				    model_version, input_sha256, output_json, confidence, duration_ms, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", UUID.randomUUID().toString(),
				record.processInstanceId(), record.activityId(), record.kind(), record.resultVariable(),
				record.modelId(), record.modelVersion(), record.inputSha256(), record.output(), record.confidence(),
				record.durationMs(), Timestamp.from(record.createdAt()));
	}

	/** Every AI result of an instance, oldest first. */
	public List<AiRecord> forInstance(String processInstanceId) {
		return this.jdbc.query("""
				SELECT process_instance_id, activity_id, kind, result_variable, model_id, model_version, input_sha256,
				       output_json, confidence, duration_ms, created_at
				FROM sf_ai_provenance WHERE process_instance_id = ? ORDER BY created_at, id""",
				(rs, row) -> new AiRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
						(Double) rs.getObject(9, Double.class), rs.getLong(10), rs.getTimestamp(11).toInstant()),
				processInstanceId);
	}

	/**
	 * One AI result.
	 *
	 * @param processInstanceId the instance
	 * @param activityId the AI step's BPMN id
	 * @param kind classify, extract or summarize
	 * @param resultVariable the variable the result was written to
	 * @param modelId the model (or built-in method) that produced it
	 * @param modelVersion its version, and for classification the labels file's
	 * @param inputSha256 SHA-256 of the text the model read
	 * @param output the result as JSON
	 * @param confidence the result's confidence, if it has one
	 * @param durationMs how long the model took
	 * @param createdAt when
	 */
	public record AiRecord(String processInstanceId, String activityId, String kind, String resultVariable,
			String modelId, String modelVersion, String inputSha256, String output, Double confidence, long durationMs,
			Instant createdAt) {
	}

}
