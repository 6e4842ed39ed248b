package io.steadyflow.versions;

import java.sql.SQLException;

import org.apache.ibatis.exceptions.PersistenceException;
import org.flowable.batch.api.Batch;
import org.flowable.batch.api.BatchPart;
import org.flowable.batch.api.BatchService;
import org.flowable.common.engine.api.FlowableBatchPartMigrationException;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.common.engine.impl.interceptor.CommandConfig;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.common.engine.impl.interceptor.CommandExecutor;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.impl.jobexecutor.ProcessInstanceMigrationJobHandler;
import org.flowable.engine.impl.migration.ProcessInstanceMigrationDocumentImpl;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.migration.ProcessInstanceBatchMigrationResult;
import org.flowable.job.service.impl.persistence.entity.JobEntity;
import org.flowable.variable.api.delegate.VariableScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * The job that moves one instance of a batch migration: Flowable's, with two changes.
 * <ul>
 * <li><b>A part already done is not done again.</b> A job that runs a second time (its
 * node's lock expired while it was still at work, or a copy was left behind) finds its
 * part complete and ends without touching the instance or the part. Flowable's would
 * migrate the instance again and overwrite the part's result, a success with a failure if
 * the second move fails.</li>
 * <li><b>Only the instance's own problem fails a part.</b> Flowable records every
 * exception of the move as "this instance cannot move" and deletes the job: a database
 * error or a lost race in the middle of a move too, so that an instance that can move
 * stayed behind, reported as failed. Such a passing failure is retried instead, with the
 * job's retries ({@link MigrationEngineConfiguration}: 3, 10 s apart); only on the last
 * attempt is it recorded in the part, so that the migration still completes and names the
 * reason. What the instance cannot do (a step without a target, a changed call activity)
 * fails its part at once, as before.</li>
 * </ul>
 * Either way the part is written in the transaction that moves the instance, or, for a
 * failure, in a transaction of its own while the move rolls back.
 */
final class MigrationPartJob extends ProcessInstanceMigrationJobHandler {

	private static final Logger logger = LoggerFactory.getLogger(MigrationPartJob.class);

	@Override
	public void execute(JobEntity job, String configuration, VariableScope variableScope,
			CommandContext commandContext) {
		ProcessEngineConfigurationImpl engine = CommandContextUtil.getProcessEngineConfiguration(commandContext);
		BatchService batches = engine.getBatchServiceConfiguration().getBatchService();
		String partId = getBatchPartIdFromHandlerCfg(configuration);
		BatchPart part = batches.getBatchPart(partId);
		if (part == null || part.getCompleteTime() != null) {
			logger.info("Migration job {} ends without moving instance {}: its batch part {} is {}", job.getId(),
					job.getProcessInstanceId(), partId, (part == null) ? "gone" : "already " + part.getStatus());
			return;
		}
		Batch batch = batches.getBatch(part.getBatchId());
		try {
			engine.getProcessInstanceMigrationManager()
				.migrateProcessInstance(part.getScopeId(), ProcessInstanceMigrationDocumentImpl
					.fromJson(batch.getBatchDocumentJson(engine.getEngineCfgKey())), commandContext);
		}
		catch (RuntimeException ex) {
			boolean passing = passing(ex);
			if (passing && job.getRetries() > 1) {
				logger.warn(
						"Migration of instance {} failed for a passing reason; it is retried ({} attempts left): {}",
						part.getScopeId(), job.getRetries() - 1, ex.toString());
				throw ex;
			}
			String message = passing ? "Failed on every attempt, last: " + ex.getMessage() : ex.getMessage();
			logger.warn("Instance {} does not move in migration {}: {}", part.getScopeId(), part.getBatchId(), message);
			fail(engine, batches, partId, message, ex);
			FlowableBatchPartMigrationException failed = new FlowableBatchPartMigrationException(message, ex);
			failed.setIgnoreFailedJob(true);
			throw failed;
		}
		batches.completeBatchPart(partId, ProcessInstanceBatchMigrationResult.RESULT_SUCCESS,
				prepareResultAsJsonString());
	}

	/** Records the failure in a transaction of its own: the move rolls back. */
	private void fail(ProcessEngineConfigurationImpl engine, BatchService batches, String partId, String message,
			RuntimeException ex) {
		CommandExecutor executor = engine.getCommandExecutor();
		CommandConfig own = executor.getDefaultConfig().transactionRequiresNew();
		executor.execute(own, (context) -> batches.completeBatchPart(partId,
				ProcessInstanceBatchMigrationResult.RESULT_FAIL, prepareResultAsJsonString(message, ex)));
	}

	/**
	 * A failure that says nothing about the instance: the database (a statement refused,
	 * a connection lost) or a concurrent change of the same rows.
	 */
	static boolean passing(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof FlowableOptimisticLockingException || cause instanceof SQLException
					|| cause instanceof PersistenceException || cause instanceof DataAccessException
					|| cause instanceof TransactionException) {
				return true;
			}
		}
		return false;
	}

}
