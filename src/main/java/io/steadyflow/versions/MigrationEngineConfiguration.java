package io.steadyflow.versions;

import org.flowable.engine.impl.jobexecutor.ProcessInstanceMigrationJobHandler;
import org.flowable.job.service.impl.asyncexecutor.DefaultJobManager;
import org.flowable.job.service.impl.persistence.entity.JobEntity;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a batch migration's jobs reach the job executors: through the database, like any
 * job another node created, not handed to this node's executor when the batch commits;
 * what a job that fails for a passing reason does: it is retried; and what a job does
 * whose part is already done: nothing ({@link MigrationPartJob}).
 */
@Configuration(proxyBeanMethods = false)
class MigrationEngineConfiguration {

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> migrationJobsConfigurer() {
		return (engine) -> {
			engine.setJobManager(new MigrationJobsAcquired());
			engine.addCustomJobHandler(new MigrationPartJob());
		};
	}

	/**
	 * Flowable's job manager, except for the jobs of a batch migration: they are created
	 * unlocked and the executor is not told about them, so its acquisition thread takes
	 * them from the database as its queue has room; and they get the engine's usual
	 * retries.
	 * <p>
	 * Why: a batch creates one job per instance in one transaction, thousands of them.
	 * Handed over, each would be locked to this node from the moment it was created, and
	 * after the commit this node would offer all of them to an executor whose queue holds
	 * a few ({@code steadyflow.jobs}); every job refused is unlocked again in a
	 * transaction of its own, in the requesting thread. With a batch that took longer to
	 * create than the lock time, the expired locks were also reset by the executor while
	 * this went on, so that unlocking met a changed job (an optimistic-locking failure in
	 * the request), and a job could run twice at once; its loser, with Flowable's zero
	 * retries for migration jobs, became a dead-letter job whose instance never moved.
	 * Acquired from the database, a job is locked only when a thread is about to run it,
	 * and the request ends when the batch is committed.
	 * <p>
	 * Retries: Flowable creates migration jobs with none, so that a failure in the commit
	 * (an optimistic-locking failure because someone completed the instance's task at
	 * that moment, a connection lost) made the job a dead-letter job at once, and its
	 * part waited for ever. The job is retried instead; the part is done in the
	 * transaction that moves the instance, so a retry never moves it twice. A passing
	 * failure during the move uses the same retries ({@link MigrationPartJob}).
	 */
	static final class MigrationJobsAcquired extends DefaultJobManager {

		MigrationJobsAcquired() {
			// the engine sets its job service configuration when it builds the service
			super(null);
		}

		@Override
		protected boolean isJobApplicableForExecutorExecution(JobEntity job) {
			return !isMigration(job) && super.isJobApplicableForExecutorExecution(job);
		}

		@Override
		public void scheduleAsyncJob(JobEntity job) {
			if (isMigration(job) && job.getRetries() == 0) {
				job.setRetries(this.jobServiceConfiguration.getAsyncExecutorNumberOfRetries());
			}
			super.scheduleAsyncJob(job);
		}

		private static boolean isMigration(JobEntity job) {
			return ProcessInstanceMigrationJobHandler.TYPE.equals(job.getJobHandlerType());
		}

	}

}
