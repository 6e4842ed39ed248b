package io.steadyflow.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.steadyflow.system.AfterCommit;

/**
 * Steadyflow's counters and histograms, in one place so that names, labels and buckets
 * are the same wherever they are recorded (docs/operations.md lists them). Labels are
 * bounded: process key, version, activity id, outcome class, tool system, result — never
 * an instance id, a business key, a person or free text, because every distinct label
 * value is a time series kept by Prometheus for ever.
 *
 * <p>
 * Methods named {@code ...AfterCommit} count once the current transaction commits (see
 * {@link AfterCommit}): what a rolled-back, retried step did is not counted again and
 * again. With {@code steadyflow.metrics.enabled=false} every method does nothing.
 *
 * <p>
 * The package is {@code io.steadyflow.metrics}, not a part of {@code operations}: the
 * tools and the AI steps record into it, and {@code operations} already depends on
 * {@code tools} (incident mails), so metrics inside {@code operations} would tie the two
 * capabilities in a cycle. For the same reason the operations capability's own events are
 * counted by a listener in {@code operations} that calls this class.
 */
public class WorkflowMetrics {

	/** Where a label's value is not known, e.g. a task outside any process. */
	public static final String UNKNOWN = "unknown";

	/**
	 * The {@code system} label of an HTTP call to a URL rather than a configured system.
	 */
	public static final String RAW_URL = "url";

	private static final Duration[] INSTANCE_BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(10),
			Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
			Duration.ofHours(4), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(30) };

	private static final Duration[] TASK_BUCKETS = { Duration.ofMinutes(1), Duration.ofMinutes(5),
			Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(1),
			Duration.ofDays(3), Duration.ofDays(7) };

	private static final Duration[] TOOL_BUCKETS = { Duration.ofMillis(10), Duration.ofMillis(50),
			Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30) };

	private final MeterRegistry registry;

	private final boolean enabled;

	WorkflowMetrics(MeterRegistry registry, MetricsProperties properties) {
		this.registry = registry;
		this.enabled = properties.enabled();
	}

	boolean enabled() {
		return this.enabled;
	}

	void instanceStartedAfterCommit(String process, int version) {
		if (this.enabled) {
			AfterCommit.run(() -> Counter.builder("steadyflow.process.instances.started")
				.description("Process instances started")
				.tag("process", process)
				.tag("version", Integer.toString(version))
				.register(this.registry)
				.increment());
		}
	}

	/**
	 * An instance ended; called after the ending transaction committed (the operations
	 * capability's event is published then), so counted at once.
	 */
	public void instanceEnded(String process, int version, String outcome, Duration duration) {
		if (!this.enabled) {
			return;
		}
		Counter.builder("steadyflow.process.instances.ended")
			.description("Process instances ended, by outcome class")
			.tag("process", process)
			.tag("version", Integer.toString(version))
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
		if (duration != null && !duration.isNegative()) {
			Timer.builder("steadyflow.process.instance.duration")
				.description("From start to end of a process instance")
				.tag("process", process)
				.tag("outcome", outcome)
				.serviceLevelObjectives(INSTANCE_BUCKETS)
				.register(this.registry)
				.record(duration);
		}
	}

	/**
	 * A service-level breach was recorded (after commit, once per instance and scope).
	 */
	public void slaBreached(String process, int version, String activity) {
		if (this.enabled) {
			Counter.builder("steadyflow.sla.breaches")
				.description("Service-level breaches recorded; activity 'none' is the process's own")
				.tag("process", process)
				.tag("version", Integer.toString(version))
				.tag("activity", activity)
				.register(this.registry)
				.increment();
		}
	}

	void userTaskWaitedAfterCommit(String process, String activity, Duration wait) {
		if (this.enabled) {
			AfterCommit.run(() -> taskTimer("steadyflow.user.task.wait",
					"From a user task's creation to its first assignee (claim) or its completion", process, activity)
				.record(wait));
		}
	}

	void userTaskCompletedAfterCommit(String process, String activity, Duration duration) {
		if (this.enabled) {
			AfterCommit.run(() -> taskTimer("steadyflow.user.task.duration",
					"From a user task's creation to its completion", process, activity)
				.record(duration));
		}
	}

	private Timer taskTimer(String name, String description, String process, String activity) {
		return Timer.builder(name)
			.description(description)
			.tag("process", process)
			.tag("activity", activity)
			.serviceLevelObjectives(TASK_BUCKETS)
			.register(this.registry);
	}

	/**
	 * A failed attempt of a job, counted at once: the engine reports it in a transaction
	 * of its own after the job's work was rolled back, so there is nothing to wait for.
	 */
	void jobFailed(String process) {
		if (this.enabled) {
			Counter.builder("steadyflow.job.failures")
				.description("Failed job attempts (each retry that fails counts)")
				.tag("process", process)
				.register(this.registry)
				.increment();
		}
	}

	/**
	 * One call to another system, counted at once rather than after commit: the call
	 * happened, and the other system felt it, whether or not the step's transaction
	 * commits — a failed call rolls the step back, and counting after commit would never
	 * show a failure.
	 * @param system the configured system name ({@code steadyflow.tools.http.systems}),
	 * {@link #RAW_URL} for a literal URL, {@code mail} for the mail tool; never a URL
	 */
	public void toolCall(String system, ToolCallResult result, Duration duration) {
		if (!this.enabled) {
			return;
		}
		String label = (system != null && !system.isBlank()) ? system : UNKNOWN;
		Counter.builder("steadyflow.tool.calls")
			.description("Calls of tools to other systems, by system and result")
			.tag("system", label)
			.tag("result", result.label())
			.register(this.registry)
			.increment();
		Timer.builder("steadyflow.tool.call.duration")
			.description("How long calls of tools to other systems took")
			.tag("system", label)
			.tag("result", result.label())
			.serviceLevelObjectives(TOOL_BUCKETS)
			.register(this.registry)
			.record(duration);
	}

	/**
	 * An AI step's result, counted once the step's transaction commits: the attempt a
	 * retry repeats is not counted twice.
	 * @param sure whether the result was at or above its threshold
	 */
	public void aiSuggestionAfterCommit(String process, String activity, boolean sure) {
		if (this.enabled) {
			AfterCommit.run(() -> Counter.builder("steadyflow.ai.suggestions")
				.description("Results of AI steps, by whether they were sure")
				.tag("process", process)
				.tag("activity", activity)
				.tag("sure", Boolean.toString(sure))
				.register(this.registry)
				.increment());
		}
	}

	void humanDecisionAfterCommit(String process, String activity, boolean agreed) {
		if (this.enabled) {
			AfterCommit.run(() -> Counter.builder("steadyflow.ai.human.decisions")
				.description("User tasks completed on a form pre-filled by an AI step, by whether the person "
						+ "kept every AI value")
				.tag("process", process)
				.tag("activity", activity)
				.tag("agreed", Boolean.toString(agreed))
				.register(this.registry)
				.increment());
		}
	}

}
