package io.steadyflow.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.flowable.engine.ManagementService;
import org.flowable.engine.TaskService;

/**
 * The gauges of work in progress: open user tasks, overdue ones, and incidents (jobs out
 * of retries). Each is a count query on the engine's runtime tables, answered from the
 * last result for {@code steadyflow.metrics.gauge-refresh}, so that a scrape costs three
 * small queries at most every few seconds however many scrapers there are. Counts are for
 * the whole database: every node reports the same figure (take {@code max} across nodes,
 * not {@code sum}).
 */
class WorkGauges implements MeterBinder {

	private final TaskService taskService;

	private final ManagementService managementService;

	private final Duration refresh;

	private final Clock clock;

	private Counts counts;

	WorkGauges(TaskService taskService, ManagementService managementService, MetricsProperties properties,
			Clock clock) {
		this.taskService = taskService;
		this.managementService = managementService;
		this.refresh = properties.gaugeRefresh();
		this.clock = clock;
	}

	private record Counts(long open, long overdue, long incidents, Instant at) {
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("steadyflow.tasks.open", this, (gauges) -> gauges.counts().open())
			.description("Open user tasks")
			.register(registry);
		Gauge.builder("steadyflow.tasks.overdue", this, (gauges) -> gauges.counts().overdue())
			.description("Open user tasks past their due date")
			.register(registry);
		Gauge.builder("steadyflow.incidents.open", this, (gauges) -> gauges.counts().incidents())
			.description("Jobs out of retries (dead letters) waiting for an operator")
			.register(registry);
	}

	private synchronized Counts counts() {
		Instant now = this.clock.instant();
		if (this.counts == null || !now.isBefore(this.counts.at().plus(this.refresh))) {
			this.counts = new Counts(this.taskService.createTaskQuery().count(),
					this.taskService.createTaskQuery().taskDueBefore(Date.from(now)).count(),
					this.managementService.createDeadLetterJobQuery().count(), now);
		}
		return this.counts;
	}

}
