package io.steadyflow.operations.owner;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The owner's figures of one process for a period, as {@code GET
 * /api/processes/{key}/stats} returns them and {@code /processes/{key}} shows them.
 * Durations are in milliseconds; shares are from 0 to 1 and {@code null} when there is
 * nothing to divide by.
 *
 * @param key the process key
 * @param name its name
 * @param owner the owner group ({@code sf:owner})
 * @param latestVersion the latest deployed version
 * @param version the version the figures are about, {@code null} for all
 * @param from the first day of the period
 * @param to the last day of the period (included)
 * @param health the process's health state, with the reasons
 * @param scorecard the six production-readiness traits
 * @param instances running now, started, ended and done in the period
 * @param durations duration percentiles of the instances ended in the period, against the
 * SLA
 * @param perDay instances started and ended per day
 * @param outcomes instances ended per end event
 * @param activities per activity: how many wait there now, how often it ran, average time
 * spent
 * @param userTasks wait times per user task
 * @param toolSteps calls and failures per service task
 * @param aiSteps sure share and human agreement per AI step
 * @param tasks open and overdue user tasks now
 * @param slaBreaches breaches in the period (the newest 50 listed)
 * @param incidents open incidents (the newest 50 listed)
 */
@Schema(description = "The owner's figures of one process for a period")
record ProcessStats(String key, String name, String owner, int latestVersion, Integer version, LocalDate from,
		LocalDate to, Health health, List<Trait> scorecard, Instances instances, Durations durations, List<Day> perDay,
		List<EndCount> outcomes, List<ActivityLoad> activities, List<TaskWait> userTasks, List<ToolStep> toolSteps,
		List<AiStep> aiSteps, OpenTasks tasks, Breaches slaBreaches, Incidents incidents) {

	/** Rated states of the health and of each trait. */
	enum Rating {

		healthy, attention, failing;

		Rating worst(Rating other) {
			return (other.ordinal() > ordinal()) ? other : this;
		}

	}

	/** The health state and why. */
	record Health(Rating state, List<String> reasons) {
	}

	/**
	 * One production-readiness trait.
	 *
	 * @param trait its id (clear-trigger, definition-of-done, tool-access,
	 * exception-handling, human-oversight, operational-ownership)
	 * @param title in words
	 * @param rating the worse of design and run evidence
	 * @param reason why, in words
	 * @param design the readiness findings of the deployed diagram that concern it
	 * @param run the figures that concern it
	 */
	record Trait(String trait, String title, Rating rating, String reason, List<DesignFinding> design,
			List<String> run) {
	}

	/** A readiness finding, as the scorecard shows it. */
	record DesignFinding(String rule, String severity, String elementId, String message) {
	}

	/**
	 * @param running instances running now
	 * @param started started in the period
	 * @param ended ended in the period
	 * @param done ended in the period at an end event of class {@code done}
	 * @param doneRate done ÷ ended
	 */
	record Instances(long running, long started, long ended, long done, Double doneRate) {
	}

	/**
	 * @param measured ended instances the percentiles are over
	 * @param p50Ms median duration
	 * @param p90Ms 90th percentile
	 * @param sla the process's service level (ISO-8601), {@code null} when none
	 * @param slaMs the same in milliseconds
	 * @param withinSla ended within the service level
	 * @param withinSlaShare withinSla ÷ measured
	 */
	record Durations(long measured, Long p50Ms, Long p90Ms, String sla, Long slaMs, Long withinSla,
			Double withinSlaShare) {
	}

	record Day(LocalDate date, long started, long ended) {
	}

	record EndCount(String endActivityId, String endActivityName, String outcome, long count) {
	}

	/**
	 * @param activityId the BPMN element
	 * @param activityName its name
	 * @param type its BPMN type (userTask, serviceTask, ...)
	 * @param waitingNow instances waiting there now
	 * @param runs times it was entered in the period
	 * @param averageMs average time spent there (completed runs in the period)
	 */
	record ActivityLoad(String activityId, String activityName, String type, long waitingNow, long runs,
			Long averageMs) {
	}

	/**
	 * @param taskId the user task's BPMN id
	 * @param taskName its name
	 * @param completed completed in the period (of those created in it)
	 * @param averageMs average time from creation to completion
	 * @param p90Ms 90th percentile of the same
	 * @param open open now
	 * @param overdue open now and past their due date
	 */
	record TaskWait(String taskId, String taskName, long completed, Long averageMs, Long p90Ms, long open,
			long overdue) {
	}

	/**
	 * @param activityId the service task
	 * @param activityName its name
	 * @param calls times it ran in the period (failed attempts that were rolled back are
	 * not in the history)
	 * @param completed calls that completed
	 * @param retrying jobs of it failing now and waiting for a retry
	 * @param incidents jobs of it out of retries (dead letters) now
	 */
	record ToolStep(String activityId, String activityName, long calls, long completed, long retrying, long incidents) {
	}

	/**
	 * @param activityId the AI step
	 * @param kind classify, extract or summarize
	 * @param results results in the period
	 * @param sure of them with {@code "sure": true}
	 * @param sureShare sure ÷ results
	 * @param decisions human decisions among the AI's labels after a result
	 * @param kept of them, the AI's own suggestion
	 * @param keptShare kept ÷ decisions
	 * @param misroutes of the sure results, those people sent back as not theirs
	 * ({@code sf:aiMisroute})
	 * @param misrouteRate misroutes ÷ sure: the misroute rate of auto-routed work
	 */
	record AiStep(String activityId, String kind, long results, long sure, Double sureShare, long decisions, long kept,
			Double keptShare, long misroutes, Double misrouteRate) {
	}

	record OpenTasks(long open, long overdue) {
	}

	record Breaches(long count, List<Breach> newest) {
	}

	record Breach(String processInstanceId, String activityId, String activityName, String sla, Instant dueAt,
			Instant breachedAt) {
	}

	record Incidents(long count, long retrying, List<Incident> newest) {
	}

	record Incident(String id, String processInstanceId, String activityId, String activityName, String message,
			Instant since) {
	}

}
