package io.steadyflow.system;

import java.util.List;

import org.flowable.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Steadyflow's indexes on Flowable's tables: what the owner's figures need on the history
 * tables (docs/operations.md, "Indexes") and the task list's order on the open tasks.
 * schema.sql runs before the engine creates its tables, so they are created here, once
 * the engine exists (this bean depends on it). {@code CREATE INDEX IF NOT
 * EXISTS} is the same statement on H2 and PostgreSQL and makes a restart, or a second
 * node starting at the same time, a no-op.
 */
@Component
class EngineTableIndexes implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(EngineTableIndexes.class);

	/**
	 * Every figure is scoped by process definition and a time range, so each index leads
	 * with the definition id and then the time the range is on.
	 */
	static final List<String> STATEMENTS = List.of(
			// started per day, running, the overview's 24 h / 7 d / 30 d starts
			"CREATE INDEX IF NOT EXISTS sf_hi_procinst_def_start ON ACT_HI_PROCINST (PROC_DEF_ID_, START_TIME_)",
			// where work waits and tool calls per step, grouped by activity within the
			// period. It carries every column that query reads, so PostgreSQL answers it
			// from the index alone (1,000,000 activities, 30 days: 444 ms before, 171 ms
			// after); INCLUDE would say it more narrowly, but H2 does not know it.
			"CREATE INDEX IF NOT EXISTS sf_hi_actinst_def_start_cover"
					+ " ON ACT_HI_ACTINST (PROC_DEF_ID_, START_TIME_, ACT_ID_, ACT_TYPE_, DURATION_)",
			// user-task wait times per task
			"CREATE INDEX IF NOT EXISTS sf_hi_taskinst_def_start ON ACT_HI_TASKINST (PROC_DEF_ID_, START_TIME_)",
			// AI steps within the period
			"CREATE INDEX IF NOT EXISTS sf_ai_provenance_created ON sf_ai_provenance (created_at)",
			// the task list's default order, due first (TaskWork): PostgreSQL walks it
			// and
			// stops at the end of the page instead of sorting every open task the caller
			// may see (10,000 open tasks: 13 ms a page before, 3 ms after)
			"CREATE INDEX IF NOT EXISTS sf_ru_task_due_first ON ACT_RU_TASK (DUE_DATE_, PRIORITY_ DESC, ID_)");

	private final JdbcTemplate jdbc;

	EngineTableIndexes(JdbcTemplate jdbc, ProcessEngine engine) {
		this.jdbc = jdbc;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String statement : STATEMENTS) {
			this.jdbc.execute(statement);
		}
		logger.debug("Steadyflow's indexes on the engine's tables present ({})", STATEMENTS.size());
	}

}
