package io.steadyflow.support;

import java.util.ArrayList;
import java.util.List;

import org.flowable.engine.ManagementService;
import org.flowable.job.api.Job;

/**
 * Runs an instance's jobs by hand, as the async executor would, so that tests are
 * deterministic.
 */
public final class Jobs {

	private final ManagementService managementService;

	public Jobs(ManagementService managementService) {
		this.managementService = managementService;
	}

	/** Execute the instance's executable jobs until none is left; failures propagate. */
	public void runAll(String processInstanceId) {
		for (int round = 0; round < 50; round++) {
			List<Job> jobs = this.managementService.createJobQuery().processInstanceId(processInstanceId).list();
			if (jobs.isEmpty()) {
				return;
			}
			jobs.forEach((job) -> this.managementService.executeJob(job.getId()));
		}
		throw new IllegalStateException("Jobs of " + processInstanceId + " keep coming after 50 rounds");
	}

	/**
	 * Execute the one executable job of the instance, expecting it to fail; returns the
	 * failure.
	 */
	public RuntimeException runFailing(String processInstanceId) {
		Job job = this.managementService.createJobQuery().processInstanceId(processInstanceId).singleResult();
		if (job == null) {
			throw new IllegalStateException("No executable job for " + processInstanceId);
		}
		try {
			this.managementService.executeJob(job.getId());
		}
		catch (RuntimeException ex) {
			return ex;
		}
		throw new AssertionError("Job " + job.getId() + " did not fail");
	}

	/** Make the instance's waiting timer jobs (including retry waits) due now. */
	public List<String> dueTimers(String processInstanceId) {
		List<String> moved = new ArrayList<>();
		for (Job timer : this.managementService.createTimerJobQuery().processInstanceId(processInstanceId).list()) {
			moved.add(this.managementService.moveTimerToExecutableJob(timer.getId()).getId());
		}
		return moved;
	}

	public long deadLetterCount(String processInstanceId) {
		return this.managementService.createDeadLetterJobQuery().processInstanceId(processInstanceId).count();
	}

}
