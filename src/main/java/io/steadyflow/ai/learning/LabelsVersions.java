package io.steadyflow.ai.learning;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The labels versions made from accepted candidates (table {@code sf_labels_version}),
 * with the gate's figures and the author's reason for a worse one. The labels file a
 * process was first deployed with is version 1; the first version made here is 2.
 */
@Repository
class LabelsVersions {

	private final JdbcTemplate jdbc;

	private final ObjectMapper objectMapper;

	LabelsVersions(JdbcTemplate jdbc, ObjectMapper objectMapper) {
		this.jdbc = jdbc;
		this.objectMapper = objectMapper;
	}

	int next(String processKey, String labelsFile) {
		Integer max = this.jdbc.queryForObject(
				"SELECT MAX(version) FROM sf_labels_version WHERE process_definition_key = ? AND labels_file = ?",
				Integer.class, processKey, labelsFile);
		return (max != null) ? max + 1 : 2;
	}

	void record(LabelsVersion version) {
		String figures;
		try {
			figures = this.objectMapper.writeValueAsString(version.figures());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		this.jdbc.update("""
				INSERT INTO sf_labels_version (process_definition_key, labels_file, version, sha256, deployment_id,
				    process_definition_version, examples_added, figures_json, worse, reason, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", version.processKey(), version.labelsFile(),
				version.version(), version.sha256(), version.deploymentId(), version.processDefinitionVersion(),
				version.examplesAdded(), figures, version.figures().worse(), version.reason(), version.createdBy(),
				Timestamp.from(version.createdAt()));
	}

	/** A process's labels versions, newest first. */
	List<LabelsVersion> list(String processKey) {
		return this.jdbc.query("""
				SELECT process_definition_key, labels_file, version, sha256, deployment_id, process_definition_version,
				       examples_added, figures_json, reason, created_by, created_at
				FROM sf_labels_version WHERE process_definition_key = ? ORDER BY created_at DESC, version DESC""",
				(rs, row) -> {
					Comparison figures;
					try {
						figures = this.objectMapper.readValue(rs.getString(8), Comparison.class);
					}
					catch (JsonProcessingException ex) {
						throw new IllegalStateException(ex);
					}
					return new LabelsVersion(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
							rs.getString(5), rs.getInt(6), rs.getInt(7), figures, rs.getString(9), rs.getString(10),
							rs.getTimestamp(11).toInstant());
				}, processKey);
	}

	/**
	 * A labels version made from accepted candidates.
	 *
	 * @param processKey the process
	 * @param labelsFile the labels file
	 * @param version its number (the file first deployed is 1)
	 * @param sha256 the content's SHA-256, as AI results record it
	 * @param deploymentId the engine deployment it went out in
	 * @param processDefinitionVersion the process version that runs with it
	 * @param examplesAdded how many accepted candidates became examples
	 * @param figures the gate's figures before and after
	 * @param reason the author's reason when it was worse and deployed all the same
	 * @param createdBy the author
	 * @param createdAt when
	 */
	public record LabelsVersion(String processKey, String labelsFile, int version, String sha256, String deploymentId,
			int processDefinitionVersion, int examplesAdded, Comparison figures, String reason, String createdBy,
			Instant createdAt) {
	}

}
