package io.steadyflow.versions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to a migration request: for a dry run what would happen, for an execution
 * what was started (then its progress).
 *
 * @param id the migration's id (its batch), null for a dry run
 * @param processKey the process
 * @param from the version its instances run now
 * @param to the version they move to
 * @param dryRun whether nothing was changed
 * @param mapping the activity mapping in effect: every step some instance waits in, to
 * the step it moves to (the same id unless mapped otherwise); a step with no target is
 * absent
 * @param instances the running instances of version {@code from}
 * @param canMove how many pass Flowable's validation (dry run), or have moved (execution)
 * @param cannotMove how many fail it (dry run), or failed and were left as they were
 * (execution)
 * @param waiting for an execution, instances not migrated yet
 * @param stuck of those waiting, how many have a job that used up its retries (a
 * dead-letter job: an incident, retried from the incidents page)
 * @param status {@code dry-run}, {@code in-progress}, {@code stuck} (every instance still
 * waiting has a dead-letter job) or {@code completed}
 * @param steps instances grouped by the step they wait in
 * @param requestedBy who executed it
 * @param requestedAt when
 * @param finishedAt when the last instance was done, null while in progress
 */
public record MigrationReport(String id, String processKey, int from, int to, boolean dryRun,
		Map<String, String> mapping, int instances, int canMove, int cannotMove, int waiting, int stuck, String status,
		List<StepReport> steps, String requestedBy, Instant requestedAt, Instant finishedAt) {

	/**
	 * The instances waiting in one step of version {@code from}.
	 *
	 * @param activityId the step
	 * @param name its name
	 * @param target the step of version {@code to} it moves to, null when there is none
	 * @param instances instances waiting there
	 * @param canMove of those, how many can move (have moved)
	 * @param cannotMove of those, how many cannot (could not)
	 * @param reasons why not, each reason once (Flowable's validation messages)
	 * @param examples up to 20 instance ids that cannot move
	 */
	public record StepReport(String activityId, String name, String target, int instances, int canMove, int cannotMove,
			List<String> reasons, List<String> examples) {

	}

}
