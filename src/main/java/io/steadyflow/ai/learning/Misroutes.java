package io.steadyflow.ai.learning;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Misroutes of AI steps (table {@code sf_ai_misroute}): work a classify step routed on
 * its own that people sent back as not theirs. Written in the engine's transaction that
 * takes the return path.
 */
@Repository
public class Misroutes {

	private final JdbcTemplate jdbc;

	Misroutes(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void record(Misroute misroute) {
		this.jdbc.update("""
				INSERT INTO sf_ai_misroute (id, process_instance_id, process_definition_key, process_definition_version,
				    activity_id, label, confidence, labels_version, returned_by, returned_from, reason, returned_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", UUID.randomUUID().toString(),
				misroute.processInstanceId(), misroute.processDefinitionKey(), misroute.processDefinitionVersion(),
				misroute.activityId(), misroute.label(), misroute.confidence(), misroute.labelsVersion(),
				misroute.returnedBy(), misroute.returnedFrom(), misroute.reason(),
				Timestamp.from(misroute.returnedAt()));
	}

	/** The misroutes of an instance, oldest first. */
	public List<Misroute> forInstance(String processInstanceId) {
		return this.jdbc.query("""
				SELECT process_instance_id, process_definition_key, process_definition_version, activity_id, label,
				       confidence, labels_version, returned_by, returned_from, reason, returned_at
				FROM sf_ai_misroute WHERE process_instance_id = ? ORDER BY returned_at, id""",
				(rs, row) -> new Misroute(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
						rs.getString(5), (Double) rs.getObject(6, Double.class), rs.getString(7), rs.getString(8),
						rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant()),
				processInstanceId);
	}

	/**
	 * Misroutes per AI step of the given process definitions (ids) returned between
	 * {@code start} and {@code end}, counted in the database.
	 */
	public Map<String, Long> perStep(List<String> processDefinitionIds, Instant start, Instant end) {
		if (processDefinitionIds.isEmpty()) {
			return Map.of();
		}
		String marks = processDefinitionIds.stream().map((id) -> "?").collect(Collectors.joining(", "));
		Object[] args = new Object[processDefinitionIds.size() + 2];
		for (int i = 0; i < processDefinitionIds.size(); i++) {
			args[i] = processDefinitionIds.get(i);
		}
		args[args.length - 2] = Timestamp.from(start);
		args[args.length - 1] = Timestamp.from(end);
		return this.jdbc.query("""
				SELECT m.activity_id, COUNT(*) FROM sf_ai_misroute m
				JOIN ACT_HI_PROCINST i ON i.PROC_INST_ID_ = m.process_instance_id
				WHERE i.PROC_DEF_ID_ IN (""" + marks + """
				) AND m.returned_at >= ? AND m.returned_at < ?
				GROUP BY m.activity_id""", (rs) -> {
			Map<String, Long> counts = new java.util.HashMap<>();
			while (rs.next()) {
				counts.put(rs.getString(1), rs.getLong(2));
			}
			return counts;
		}, args);
	}

	/**
	 * Work an AI step routed on its own and people sent back as not theirs.
	 *
	 * @param processInstanceId the instance
	 * @param processDefinitionKey its process
	 * @param processDefinitionVersion the version it runs on
	 * @param activityId the classify step that routed it
	 * @param label the label it suggested (and routed by)
	 * @param confidence with which confidence
	 * @param labelsVersion the labels file version it classified with
	 * @param returnedBy who sent it back
	 * @param returnedFrom the user task it was sent back from
	 * @param reason the reason they gave
	 * @param returnedAt when
	 */
	public record Misroute(String processInstanceId, String processDefinitionKey, int processDefinitionVersion,
			String activityId, String label, Double confidence, String labelsVersion, String returnedBy,
			String returnedFrom, String reason, Instant returnedAt) {
	}

}
