package io.steadyflow.versions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flowable.engine.ProcessEngine;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The audit record of every executed migration (who, when, from which version to which,
 * the activity mapping, how many instances): a table of Steadyflow's own,
 * {@code sf_process_migration}, written in the transaction that creates Flowable's
 * migration batch, so there is never a batch without its record or the other way round.
 * Its id is the batch's id. The table is created here, once the engine exists, with
 * statements that are the same on H2 and PostgreSQL and a no-op when it is there.
 */
@Component
class MigrationRecords implements SmartInitializingSingleton {

	static final List<String> STATEMENTS = List.of("""
			CREATE TABLE IF NOT EXISTS sf_process_migration (
			    id                  VARCHAR(64)    NOT NULL PRIMARY KEY,
			    process_key         VARCHAR(255)   NOT NULL,
			    from_version        INT            NOT NULL,
			    to_version          INT            NOT NULL,
			    from_definition_id  VARCHAR(255)   NOT NULL,
			    to_definition_id    VARCHAR(255)   NOT NULL,
			    mapping_json        VARCHAR(100000) NOT NULL,
			    requested_by        VARCHAR(255)   NOT NULL,
			    requested_at        TIMESTAMP      NOT NULL,
			    instances           INT            NOT NULL,
			    migrated            INT,
			    failed              INT,
			    finished_at         TIMESTAMP
			)""",
			"CREATE INDEX IF NOT EXISTS sf_process_migration_key ON sf_process_migration (process_key, requested_at)");

	private final JdbcTemplate jdbc;

	private final ObjectMapper objectMapper;

	MigrationRecords(JdbcTemplate jdbc, ObjectMapper objectMapper, ProcessEngine engine) {
		this.jdbc = jdbc;
		this.objectMapper = objectMapper;
	}

	@Override
	public void afterSingletonsInstantiated() {
		STATEMENTS.forEach(this.jdbc::execute);
	}

	/**
	 * One executed migration as recorded.
	 *
	 * @param migrated instances moved, null until the batch has finished
	 * @param failed instances that could not move and were left as they were, null until
	 * the batch has finished
	 */
	record MigrationRecord(String id, String processKey, int fromVersion, int toVersion, String fromDefinitionId,
			String toDefinitionId, Map<String, String> mapping, String requestedBy, Instant requestedAt, int instances,
			Integer migrated, Integer failed, Instant finishedAt) {

	}

	void insert(MigrationRecord record) {
		this.jdbc.update(
				"INSERT INTO sf_process_migration (id, process_key, from_version, to_version,"
						+ " from_definition_id, to_definition_id, mapping_json, requested_by, requested_at, instances)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				record.id(), record.processKey(), record.fromVersion(), record.toVersion(), record.fromDefinitionId(),
				record.toDefinitionId(), json(record.mapping()), record.requestedBy(),
				Timestamp.from(record.requestedAt()), record.instances());
	}

	/** Records the final counts once, when the batch is seen finished. */
	void finish(String id, int migrated, int failed, Instant finishedAt) {
		this.jdbc.update(
				"UPDATE sf_process_migration SET migrated = ?, failed = ?, finished_at = ? WHERE id = ? AND finished_at IS NULL",
				migrated, failed, Timestamp.from(finishedAt), id);
	}

	List<MigrationRecord> ofProcess(String processKey) {
		return this.jdbc.query("SELECT * FROM sf_process_migration WHERE process_key = ? ORDER BY requested_at DESC",
				this.rows, processKey);
	}

	MigrationRecord find(String processKey, String id) {
		return this.jdbc
			.query("SELECT * FROM sf_process_migration WHERE process_key = ? AND id = ?", this.rows, processKey, id)
			.stream()
			.findFirst()
			.orElse(null);
	}

	private final RowMapper<MigrationRecord> rows = (rs, row) -> new MigrationRecord(rs.getString("id"),
			rs.getString("process_key"), rs.getInt("from_version"), rs.getInt("to_version"),
			rs.getString("from_definition_id"), rs.getString("to_definition_id"), mapping(rs.getString("mapping_json")),
			rs.getString("requested_by"), rs.getTimestamp("requested_at").toInstant(), rs.getInt("instances"),
			(Integer) rs.getObject("migrated"), (Integer) rs.getObject("failed"),
			(rs.getTimestamp("finished_at") != null) ? rs.getTimestamp("finished_at").toInstant() : null);

	private String json(Map<String, String> mapping) {
		try {
			return this.objectMapper.writeValueAsString(mapping);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Map<String, String> mapping(String json) {
		try {
			return this.objectMapper.readValue(json, new TypeReference<Map<String, String>>() {
			});
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Unreadable mapping in sf_process_migration: " + ex.getMessage(), ex);
		}
	}

}
