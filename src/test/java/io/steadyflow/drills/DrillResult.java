package io.steadyflow.drills;

/**
 * One row of the drill suite's table.
 *
 * @param drill the drill's name
 * @param done what was done to the system
 * @param expected what the drill promises
 * @param observed what it saw
 * @param lost acknowledged work that is gone (or never finished)
 * @param doubled side effects applied more than once
 * @param serverErrors 5xx answers other than a clean 503 with Retry-After
 * @param passed whether every expectation held
 */
record DrillResult(String drill, String done, String expected, String observed, long lost, long doubled,
		long serverErrors, boolean passed) {

	static DrillResult failed(String drill, String done, String expected, Exception ex) {
		return new DrillResult(drill, done, expected, "drill failed: " + ex, -1, -1, -1, false);
	}

}
