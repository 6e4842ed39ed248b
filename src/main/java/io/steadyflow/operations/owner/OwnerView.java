package io.steadyflow.operations.owner;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.steadyflow.operations.owner.ProcessStats.ActivityLoad;
import io.steadyflow.operations.owner.ProcessStats.AiStep;
import io.steadyflow.operations.owner.ProcessStats.Breaches;
import io.steadyflow.operations.owner.ProcessStats.Durations;
import io.steadyflow.operations.owner.ProcessStats.Incidents;
import io.steadyflow.operations.owner.ProcessStats.Instances;
import io.steadyflow.operations.owner.ProcessStats.OpenTasks;
import io.steadyflow.operations.owner.ProcessStats.ToolStep;
import io.steadyflow.readiness.ProcessReadiness;
import io.steadyflow.security.Caller;
import io.steadyflow.system.ProblemException;
import io.steadyflow.tools.Notifications;

import org.springframework.stereotype.Service;

/**
 * The owner's view of deployed processes, for the pages and the API alike: who may see
 * what ({@link OwnedProcesses}), the figures ({@link ProcessFigures}), and the health and
 * scorecard rated on them ({@link Scorecard}).
 */
@Service
class OwnerView {

	private final OwnedProcesses processes;

	private final ProcessFigures figures;

	private final ProcessReadiness readiness;

	private final Notifications notifications;

	private final Clock clock = Clock.systemDefaultZone();

	OwnerView(OwnedProcesses processes, ProcessFigures figures, ProcessReadiness readiness,
			Notifications notifications) {
		this.processes = processes;
		this.figures = figures;
		this.readiness = readiness;
		this.notifications = notifications;
	}

	/**
	 * @throws ProblemException 403 when the caller owns no process and is neither
	 * operator nor admin
	 */
	List<ProcessSummary> overview(Caller caller) {
		List<OwnedProcess> visible = this.processes.visibleTo(caller);
		if (visible.isEmpty()) {
			throw ProblemException.forbidden(
					"The process overview is for process owners (members of a process's sf:owner group), operators and admins.");
		}
		return visible.stream().map(this::summary).toList();
	}

	private ProcessSummary summary(OwnedProcess process) {
		Instant now = this.figures.now();
		Instant monthAgo = now.minus(RecentWindows.MONTH);
		long[] started = this.figures.startedRecently(process, now);
		long[] ended = this.figures.endedRecently(process, now);
		Instances instances = this.figures.instances(process, null, monthAgo, now);
		Durations durations = this.figures.durations(process, null, monthAgo, now);
		Incidents incidents = this.figures.incidents(process, null);
		OpenTasks tasks = this.figures.openTasks(process, null);
		Breaches breaches = this.figures.breaches(process, null, monthAgo, now);
		// the overview rates tools and AI on incidents and tasks only: their per-step
		// figures are on the process's own page
		Scorecard.Evidence evidence = new Scorecard.Evidence(instances, durations, incidents, tasks, breaches.count(),
				List.of(), List.of(), notified(process), process.owner());
		return new ProcessSummary(process.key(), process.name(), process.owner(), process.latest().getVersion(),
				instances.running(), started[0], started[1], started[2], ended[0], ended[1], ended[2], instances,
				durations, incidents, tasks, Scorecard.health(evidence),
				Scorecard.traits(evidence, this.readiness.findings(process.latest())));
	}

	/**
	 * @param from {@code yyyy-MM-dd}, blank for 30 days before {@code to}
	 * @param to {@code yyyy-MM-dd}, blank for today
	 * @param version a version number, blank for all
	 */
	ProcessStats stats(String key, String from, String to, String version, Caller caller) {
		OwnedProcess process = this.processes.find(key, caller);
		Integer chosen = version(version);
		OwnedProcesses.checkVersion(process, chosen);
		Period period = Period.parse(from, to, this.clock);
		ZoneId zone = this.clock.getZone();
		Instant start = period.start(zone);
		Instant end = period.end(zone);
		Instances instances = this.figures.instances(process, chosen, start, end);
		Durations durations = this.figures.durations(process, chosen, start, end);
		List<ActivityLoad> activities = this.figures.activities(process, chosen, period);
		List<ToolStep> toolSteps = this.figures.toolSteps(process, chosen, activities);
		List<AiStep> aiSteps = this.figures.aiSteps(process, chosen, period);
		OpenTasks tasks = this.figures.openTasks(process, chosen);
		Breaches breaches = this.figures.breaches(process, chosen, start, end);
		Incidents incidents = this.figures.incidents(process, chosen);
		Scorecard.Evidence evidence = new Scorecard.Evidence(instances, durations, incidents, tasks, breaches.count(),
				toolSteps, aiSteps, notified(process), process.owner());
		return new ProcessStats(process.key(), process.name(), process.owner(), process.latest().getVersion(), chosen,
				period.from(), period.to(), Scorecard.health(evidence),
				Scorecard.traits(evidence, this.readiness.findings(process.latest())), instances, durations,
				this.figures.perDay(process, chosen, period), this.figures.outcomes(process, chosen, period),
				activities, this.figures.userTasks(process, chosen, period), toolSteps, aiSteps, tasks, breaches,
				incidents);
	}

	/**
	 * The process's deployed XML (the chosen or latest version), for the page's diagram.
	 */
	String diagramXml(String key, String version, Caller caller) {
		OwnedProcess process = this.processes.find(key, caller);
		Integer chosen = version(version);
		OwnedProcesses.checkVersion(process, chosen);
		return this.processes.xml(process.definitionIds(chosen).get(0));
	}

	private boolean notified(OwnedProcess process) {
		return !this.notifications.ownerAddresses(process.owner()).isEmpty();
	}

	private static Integer version(String version) {
		if (version == null || version.isBlank()) {
			return null;
		}
		try {
			int number = Integer.parseInt(version.strip());
			if (number < 1) {
				throw new NumberFormatException();
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw ProblemException.badRequest("version '" + version + "' is not a version number (1, 2, ...)")
				.with("parameter", "version");
		}
	}

}
