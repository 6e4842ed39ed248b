package io.steadyflow.operations.owner;

import java.util.List;

/**
 * One row of {@code /processes}: a deployed process (latest version) and its figures;
 * rates, percentiles and the health are over the last 30 days.
 *
 * @param key the process key
 * @param name its name
 * @param owner the owner group
 * @param version the latest version
 * @param running instances running now
 * @param started24h started in the last 24 hours
 * @param started7d in the last 7 days
 * @param started30d in the last 30 days
 * @param ended24h ended in the last 24 hours
 * @param ended7d in the last 7 days
 * @param ended30d in the last 30 days
 * @param instances ended and done in the last 30 days, and the done rate
 * @param durations percentiles and SLA share of the last 30 days
 * @param incidents open incidents now
 * @param tasks open and overdue user tasks now
 * @param health the health state and why
 * @param scorecard the six traits
 */
record ProcessSummary(String key, String name, String owner, int version, long running, long started24h, long started7d,
		long started30d, long ended24h, long ended7d, long ended30d, ProcessStats.Instances instances,
		ProcessStats.Durations durations, ProcessStats.Incidents incidents, ProcessStats.OpenTasks tasks,
		ProcessStats.Health health, List<ProcessStats.Trait> scorecard) {
}
