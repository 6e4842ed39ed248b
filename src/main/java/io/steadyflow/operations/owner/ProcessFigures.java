package io.steadyflow.operations.owner;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.steadyflow.operations.owner.ProcessStats.ActivityLoad;
import io.steadyflow.ai.learning.Misroutes;
import io.steadyflow.operations.owner.ProcessStats.AiStep;
import io.steadyflow.operations.owner.ProcessStats.Breach;
import io.steadyflow.operations.owner.ProcessStats.Breaches;
import io.steadyflow.operations.owner.ProcessStats.Day;
import io.steadyflow.operations.owner.ProcessStats.Durations;
import io.steadyflow.operations.owner.ProcessStats.EndCount;
import io.steadyflow.operations.owner.ProcessStats.Incident;
import io.steadyflow.operations.owner.ProcessStats.Incidents;
import io.steadyflow.operations.owner.ProcessStats.Instances;
import io.steadyflow.operations.owner.ProcessStats.OpenTasks;
import io.steadyflow.operations.owner.ProcessStats.TaskWait;
import io.steadyflow.operations.owner.ProcessStats.ToolStep;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The owner's figures, each one aggregate query in the database over Flowable's history
 * and runtime tables and Steadyflow's own ({@code sf_instance_outcome},
 * {@code sf_sla_breach}, {@code sf_ai_provenance}): COUNT, SUM, AVG, GROUP BY and
 * PERCENTILE_CONT ... WITHIN GROUP, which H2 2.x and PostgreSQL both know. No instance is
 * loaded into the JVM; the only rows read are one per day, end event, activity or step,
 * and the newest 50 breaches and incidents. Flowable's history has no process key column,
 * so the queries are scoped by the definition ids of the process's versions.
 */
@Service
class ProcessFigures {

	/** The newest breaches and incidents listed; the counts cover all. */
	static final int LISTED = 50;

	private final JdbcTemplate jdbc;

	private final Clock clock = Clock.systemDefaultZone();

	private final ZoneId zone = this.clock.getZone();

	private final Misroutes misroutes;

	ProcessFigures(JdbcTemplate jdbc, Misroutes misroutes) {
		this.misroutes = misroutes;
		this.jdbc = jdbc;
	}

	Instant now() {
		return this.clock.instant();
	}

	/** Running now, started, ended and done between {@code start} and {@code end}. */
	Instances instances(OwnedProcess process, Integer version, Instant start, Instant end) {
		List<String> ids = process.definitionIds(version);
		long running = count("SELECT COUNT(*) FROM ACT_RU_EXECUTION WHERE PARENT_ID_ IS NULL AND PROC_DEF_ID_ IN ("
				+ marks(ids) + ")", ids.toArray());
		long started = count("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE PROC_DEF_ID_ IN (" + marks(ids)
				+ ") AND START_TIME_ >= ? AND START_TIME_ < ?", args(ids, ts(start), ts(end)));
		long[] ended = this.jdbc.queryForObject(
				"SELECT COUNT(*), SUM(CASE WHEN outcome = 'done' THEN 1 ELSE 0 END) FROM sf_instance_outcome WHERE "
						+ outcomeScope(version) + " AND ended_at >= ? AND ended_at < ?",
				(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) },
				outcomeArgs(process, version, ts(start), ts(end)));
		return new Instances(running, started, ended[0], ended[1], share(ended[1], ended[0]));
	}

	/** Percentiles of the durations of the instances that ended in the range. */
	Durations durations(OwnedProcess process, Integer version, Instant start, Instant end) {
		Long slaMs = (process.sla() != null) ? process.sla().toMillis() : null;
		return this.jdbc.queryForObject("""
				SELECT COUNT(*),
				       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms),
				       PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY duration_ms),
				       SUM(CASE WHEN duration_ms <= ? THEN 1 ELSE 0 END)
				FROM sf_instance_outcome WHERE """ + outcomeScope(version) + " AND ended_at >= ? AND ended_at < ?",
				(rs, row) -> {
					long measured = rs.getLong(1);
					Long within = (slaMs != null) ? rs.getLong(4) : null;
					return new Durations(measured, longOrNull(rs, 2), longOrNull(rs, 3),
							(process.sla() != null) ? process.sla().toString() : null, slaMs, within,
							(within != null) ? share(within, measured) : null);
				}, args(List.of((slaMs != null) ? slaMs : Long.MAX_VALUE),
						outcomeArgs(process, version, ts(start), ts(end))));
	}

	/** Started and ended per day of the period, every day listed (zeros included). */
	List<Day> perDay(OwnedProcess process, Integer version, Period period) {
		List<String> ids = process.definitionIds(version);
		Timestamp start = ts(period.start(this.zone));
		Timestamp end = ts(period.end(this.zone));
		Map<LocalDate, long[]> days = new TreeMap<>();
		for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
			days.put(day, new long[2]);
		}
		this.jdbc.query(
				"SELECT CAST(START_TIME_ AS DATE), COUNT(*) FROM ACT_HI_PROCINST WHERE PROC_DEF_ID_ IN (" + marks(ids)
						+ ") AND START_TIME_ >= ? AND START_TIME_ < ? GROUP BY CAST(START_TIME_ AS DATE)",
				(ResultSet rs) -> {
					long[] day = days.get(rs.getDate(1).toLocalDate());
					if (day != null) {
						day[0] = rs.getLong(2);
					}
				}, args(ids, start, end));
		this.jdbc.query("SELECT CAST(ended_at AS DATE), COUNT(*) FROM sf_instance_outcome WHERE "
				+ outcomeScope(version) + " AND ended_at >= ? AND ended_at < ? GROUP BY CAST(ended_at AS DATE)",
				(ResultSet rs) -> {
					long[] day = days.get(rs.getDate(1).toLocalDate());
					if (day != null) {
						day[1] = rs.getLong(2);
					}
				}, outcomeArgs(process, version, start, end));
		List<Day> result = new ArrayList<>();
		days.forEach((day, counts) -> result.add(new Day(day, counts[0], counts[1])));
		return result;
	}

	/** Instances ended in the period per end event, most first. */
	List<EndCount> outcomes(OwnedProcess process, Integer version, Period period) {
		return this.jdbc.query("""
				SELECT end_activity_id, MAX(end_activity_name), outcome, COUNT(*) FROM sf_instance_outcome
				WHERE """ + outcomeScope(version) + """
				 AND ended_at >= ? AND ended_at < ?
				GROUP BY end_activity_id, outcome ORDER BY COUNT(*) DESC, end_activity_id""",
				(rs, row) -> new EndCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
				outcomeArgs(process, version, ts(period.start(this.zone)), ts(period.end(this.zone))));
	}

	/**
	 * Per activity: runs in the period and the average time spent (history), and how many
	 * instances wait there now (Flowable's runtime activity table, which holds only what
	 * is in progress). A boundary event's open row is a timer or catch armed beside the
	 * step, not work waiting, so it is not counted as waiting.
	 */
	List<ActivityLoad> activities(OwnedProcess process, Integer version, Period period) {
		List<String> ids = process.definitionIds(version);
		Map<String, ActivityLoad> byId = new LinkedHashMap<>();
		this.jdbc.query("""
				SELECT ACT_ID_, MAX(ACT_TYPE_), COUNT(*), AVG(DURATION_) FROM ACT_HI_ACTINST
				WHERE PROC_DEF_ID_ IN (""" + marks(ids) + """
				) AND START_TIME_ >= ? AND START_TIME_ < ? AND ACT_TYPE_ <> 'sequenceFlow'
				GROUP BY ACT_ID_""", (ResultSet rs) -> {
			// names from the diagram: reading ACT_NAME_ would cost a table read per row
			byId.put(rs.getString(1), new ActivityLoad(rs.getString(1), process.names().get(rs.getString(1)),
					rs.getString(2), 0, rs.getLong(3), longOrNull(rs, 4)));
		}, args(ids, ts(period.start(this.zone)), ts(period.end(this.zone))));
		this.jdbc.query("""
				SELECT ACT_ID_, MAX(ACT_NAME_), MAX(ACT_TYPE_), COUNT(*) FROM ACT_RU_ACTINST
				WHERE PROC_DEF_ID_ IN (""" + marks(ids) + """
				) AND END_TIME_ IS NULL AND ACT_TYPE_ NOT IN ('sequenceFlow', 'boundaryEvent')
				GROUP BY ACT_ID_""", (ResultSet rs) -> {
			ActivityLoad known = byId.get(rs.getString(1));
			byId.put(rs.getString(1), new ActivityLoad(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					(known != null) ? known.runs() : 0, (known != null) ? known.averageMs() : null));
		}, ids.toArray());
		List<ActivityLoad> result = new ArrayList<>(byId.values());
		result.sort((a, b) -> a.activityId().compareTo(b.activityId()));
		return result;
	}

	/**
	 * Per user task: completion times of the tasks created in the period (history), and
	 * open and overdue tasks now.
	 */
	List<TaskWait> userTasks(OwnedProcess process, Integer version, Period period) {
		List<String> ids = process.definitionIds(version);
		Map<String, TaskWait> byId = new TreeMap<>();
		this.jdbc.query("""
				SELECT TASK_DEF_KEY_, MAX(NAME_), COUNT(END_TIME_), AVG(DURATION_),
				       PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY DURATION_)
				FROM ACT_HI_TASKINST WHERE PROC_DEF_ID_ IN (""" + marks(ids) + """
				) AND START_TIME_ >= ? AND START_TIME_ < ? AND TASK_DEF_KEY_ IS NOT NULL
				GROUP BY TASK_DEF_KEY_""", (ResultSet rs) -> {
			byId.put(rs.getString(1), new TaskWait(rs.getString(1), rs.getString(2), rs.getLong(3), longOrNull(rs, 4),
					longOrNull(rs, 5), 0, 0));
		}, args(ids, ts(period.start(this.zone)), ts(period.end(this.zone))));
		this.jdbc.query("""
				SELECT TASK_DEF_KEY_, MAX(NAME_), COUNT(*), SUM(CASE WHEN DUE_DATE_ < ? THEN 1 ELSE 0 END)
				FROM ACT_RU_TASK WHERE PROC_DEF_ID_ IN (""" + marks(ids) + """
				) AND TASK_DEF_KEY_ IS NOT NULL GROUP BY TASK_DEF_KEY_""", (ResultSet rs) -> {
			TaskWait known = byId.get(rs.getString(1));
			byId.put(rs.getString(1),
					new TaskWait(rs.getString(1), rs.getString(2), (known != null) ? known.completed() : 0,
							(known != null) ? known.averageMs() : null, (known != null) ? known.p90Ms() : null,
							rs.getLong(3), rs.getLong(4)));
		}, args(List.of(ts(now())), ids.toArray()));
		return new ArrayList<>(byId.values());
	}

	OpenTasks openTasks(OwnedProcess process, Integer version) {
		List<String> ids = process.definitionIds(version);
		return this.jdbc.queryForObject(
				"SELECT COUNT(*), SUM(CASE WHEN DUE_DATE_ < ? THEN 1 ELSE 0 END) FROM ACT_RU_TASK WHERE PROC_DEF_ID_ IN ("
						+ marks(ids) + ")",
				(rs, row) -> new OpenTasks(rs.getLong(1), rs.getLong(2)), args(List.of(ts(now())), ids.toArray()));
	}

	/**
	 * Per service task: calls in the period (history), and its jobs failing now — waiting
	 * for a retry (a timer or executable job with an exception) or out of retries (dead
	 * letters). Failed attempts roll back and leave no history row, so failures are what
	 * the job tables hold now.
	 */
	List<ToolStep> toolSteps(OwnedProcess process, Integer version, List<ActivityLoad> activities) {
		List<String> ids = process.definitionIds(version);
		Map<String, Long> retrying = byElement("""
				SELECT ELEMENT_ID_, COUNT(*) FROM ACT_RU_TIMER_JOB WHERE PROC_DEF_ID_ IN (%1$s)
				  AND EXCEPTION_MSG_ IS NOT NULL GROUP BY ELEMENT_ID_
				UNION ALL
				SELECT ELEMENT_ID_, COUNT(*) FROM ACT_RU_JOB WHERE PROC_DEF_ID_ IN (%1$s)
				  AND EXCEPTION_MSG_ IS NOT NULL GROUP BY ELEMENT_ID_""".formatted(marks(ids)),
				args(ids, ids.toArray()));
		Map<String, Long> dead = byElement(
				"SELECT ELEMENT_ID_, COUNT(*) FROM ACT_RU_DEADLETTER_JOB WHERE PROC_DEF_ID_ IN (" + marks(ids)
						+ ") GROUP BY ELEMENT_ID_",
				ids.toArray());
		Map<String, ToolStep> steps = new TreeMap<>();
		for (ActivityLoad activity : activities) {
			if ("serviceTask".equals(activity.type()) || retrying.containsKey(activity.activityId())
					|| dead.containsKey(activity.activityId())) {
				long completed = activity.runs() - activity.waitingNow();
				steps.put(activity.activityId(),
						new ToolStep(activity.activityId(), activity.activityName(), activity.runs(),
								Math.max(completed, 0), retrying.getOrDefault(activity.activityId(), 0L),
								dead.getOrDefault(activity.activityId(), 0L)));
			}
		}
		for (String element : union(retrying.keySet(), dead.keySet())) {
			steps.computeIfAbsent(element,
					(id) -> new ToolStep(id, null, 0, 0, retrying.getOrDefault(id, 0L), dead.getOrDefault(id, 0L)));
		}
		return new ArrayList<>(steps.values());
	}

	/**
	 * Per AI step: results in the period and how many were sure; and the human decisions
	 * about them. A decision is a user task's recorded outcome (the decision guard's
	 * task-local {@code outcome}) in the same instance, recorded after the AI result,
	 * whose value is one of the labels the AI offered (its suggestion or an alternative):
	 * that is a person choosing among the AI's labels. It kept the AI's suggestion when
	 * it is the suggested label itself. Decisions about other things (e.g. "resolved")
	 * name no label and do not count. Misroutes: results the step routed alone that
	 * people sent back as not theirs (sf:aiMisroute), against the sure results.
	 */
	List<AiStep> aiSteps(OwnedProcess process, Integer version, Period period) {
		List<String> ids = process.definitionIds(version);
		Timestamp start = ts(period.start(this.zone));
		Timestamp end = ts(period.end(this.zone));
		Map<String, long[]> decisions = new HashMap<>();
		this.jdbc.query("""
				SELECT p.activity_id, COUNT(*),
				       SUM(CASE WHEN p.output_json LIKE ('{"label":"' || v.TEXT_ || '"%') THEN 1 ELSE 0 END)
				FROM sf_ai_provenance p
				JOIN ACT_HI_PROCINST i ON i.PROC_INST_ID_ = p.process_instance_id
				JOIN ACT_HI_VARINST v ON v.PROC_INST_ID_ = p.process_instance_id AND v.TASK_ID_ IS NOT NULL
				     AND v.NAME_ = 'outcome' AND v.CREATE_TIME_ >= p.created_at
				WHERE i.PROC_DEF_ID_ IN (""" + marks(ids) + """
				) AND p.kind = 'classify' AND p.created_at >= ? AND p.created_at < ?
				  AND p.output_json LIKE ('%"label":"' || v.TEXT_ || '"%')
				GROUP BY p.activity_id""", (ResultSet rs) -> {
			decisions.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3) });
		}, args(ids, start, end));
		Map<String, Long> misrouted = this.misroutes.perStep(ids, start.toInstant(), end.toInstant());
		return this.jdbc.query("""
				SELECT p.activity_id, MAX(p.kind), COUNT(*),
				       SUM(CASE WHEN p.output_json LIKE '%"sure":true%' THEN 1 ELSE 0 END)
				FROM sf_ai_provenance p JOIN ACT_HI_PROCINST i ON i.PROC_INST_ID_ = p.process_instance_id
				WHERE i.PROC_DEF_ID_ IN (""" + marks(ids) + """
				) AND p.created_at >= ? AND p.created_at < ?
				GROUP BY p.activity_id ORDER BY p.activity_id""", (rs, row) -> {
			long[] decided = decisions.getOrDefault(rs.getString(1), new long[2]);
			long misroutes = misrouted.getOrDefault(rs.getString(1), 0L);
			return new AiStep(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
					share(rs.getLong(4), rs.getLong(3)), decided[0], decided[1], share(decided[1], decided[0]),
					misroutes, share(misroutes, rs.getLong(4)));
		}, args(ids, start, end));
	}

	/** Breaches recorded between {@code start} and {@code end}, the newest listed. */
	Breaches breaches(OwnedProcess process, Integer version, Instant start, Instant end) {
		String scope = "process_definition_key = ?" + ((version != null) ? " AND process_definition_version = ?" : "")
				+ " AND breached_at >= ? AND breached_at < ?";
		Object[] args = outcomeArgs(process, version, ts(start), ts(end));
		long count = count("SELECT COUNT(*) FROM sf_sla_breach WHERE " + scope, args);
		List<Breach> newest = (count == 0) ? List.of() : limited(
				"SELECT process_instance_id, activity_id, activity_name, sla, due_at, breached_at FROM sf_sla_breach WHERE "
						+ scope + " ORDER BY breached_at DESC",
				(rs, row) -> new Breach(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						instant(rs, 5), instant(rs, 6)),
				args);
		return new Breaches(count, newest);
	}

	/** Open incidents (dead-letter jobs) and jobs waiting for a retry now. */
	Incidents incidents(OwnedProcess process, Integer version) {
		List<String> ids = process.definitionIds(version);
		long count = count("SELECT COUNT(*) FROM ACT_RU_DEADLETTER_JOB WHERE PROC_DEF_ID_ IN (" + marks(ids) + ")",
				ids.toArray());
		long retrying = count("SELECT (SELECT COUNT(*) FROM ACT_RU_TIMER_JOB WHERE PROC_DEF_ID_ IN (" + marks(ids)
				+ ") AND EXCEPTION_MSG_ IS NOT NULL) + (SELECT COUNT(*) FROM ACT_RU_JOB WHERE PROC_DEF_ID_ IN ("
				+ marks(ids) + ") AND EXCEPTION_MSG_ IS NOT NULL)", args(ids, ids.toArray()));
		List<Incident> newest = (count == 0) ? List.of()
				: limited(
						"SELECT ID_, PROCESS_INSTANCE_ID_, ELEMENT_ID_, ELEMENT_NAME_, EXCEPTION_MSG_, CREATE_TIME_"
								+ " FROM ACT_RU_DEADLETTER_JOB WHERE PROC_DEF_ID_ IN (" + marks(ids)
								+ ") ORDER BY CREATE_TIME_ DESC",
						(rs, row) -> new Incident(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
								rs.getString(5), instant(rs, 6)),
						ids.toArray());
		return new Incidents(count, retrying, newest);
	}

	/**
	 * Started in each of the last 24 h, 7 d and 30 d, in one pass over the last 30 days.
	 */
	long[] startedRecently(OwnedProcess process, Instant now) {
		List<String> ids = process.definitionIds(null);
		return this.jdbc.queryForObject(
				"""
						SELECT SUM(CASE WHEN START_TIME_ >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN START_TIME_ >= ? THEN 1 ELSE 0 END),
						       COUNT(*)
						FROM ACT_HI_PROCINST WHERE PROC_DEF_ID_ IN ("""
						+ marks(ids) + ") AND START_TIME_ >= ?",
				(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) },
				args(List.of(ts(now.minus(RecentWindows.DAY)), ts(now.minus(RecentWindows.WEEK))), ids.toArray(),
						ts(now.minus(RecentWindows.MONTH))));
	}

	/** Ended in each of the last 24 h, 7 d and 30 d. */
	long[] endedRecently(OwnedProcess process, Instant now) {
		return this.jdbc.queryForObject("""
				SELECT SUM(CASE WHEN ended_at >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN ended_at >= ? THEN 1 ELSE 0 END),
				       COUNT(*)
				FROM sf_instance_outcome WHERE process_definition_key = ? AND ended_at >= ?""",
				(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) },
				ts(now.minus(RecentWindows.DAY)), ts(now.minus(RecentWindows.WEEK)), process.key(),
				ts(now.minus(RecentWindows.MONTH)));
	}

	private String outcomeScope(Integer version) {
		// leading space: a text block before it drops the space after its WHERE
		return " process_definition_key = ?" + ((version != null) ? " AND process_definition_version = ?" : "");
	}

	private Object[] outcomeArgs(OwnedProcess process, Integer version, Object... more) {
		List<Object> args = new ArrayList<>();
		args.add(process.key());
		if (version != null) {
			args.add(version);
		}
		args.addAll(Arrays.asList(more));
		return args.toArray();
	}

	private Map<String, Long> byElement(String sql, Object... args) {
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.query(sql, (ResultSet rs) -> {
			counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
		}, args);
		return counts;
	}

	private <T> List<T> limited(String sql, org.springframework.jdbc.core.RowMapper<T> mapper, Object... args) {
		// setMaxRows is the portable LIMIT (H2 and PostgreSQL both honour it in the
		// driver)
		return this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(sql);
			statement.setMaxRows(LISTED);
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			return statement;
		}, mapper);
	}

	private long count(String sql, Object... args) {
		Long value = this.jdbc.queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

	private static Object[] args(List<?> first, Object... more) {
		List<Object> args = new ArrayList<>(first);
		for (Object value : more) {
			if (value instanceof Object[] array) {
				args.addAll(Arrays.asList(array));
			}
			else {
				args.add(value);
			}
		}
		return args.toArray();
	}

	private static String marks(List<String> ids) {
		return String.join(",", Collections.nCopies(Math.max(ids.size(), 1), "?"));
	}

	private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
		List<String> all = new ArrayList<>(a);
		b.stream().filter((id) -> !a.contains(id)).forEach(all::add);
		return all;
	}

	static Double share(long part, long whole) {
		return (whole == 0) ? null : (double) part / whole;
	}

	private static Long longOrNull(ResultSet rs, int column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : Math.round(value);
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
