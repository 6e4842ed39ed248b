package io.steadyflow.operations.owner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.steadyflow.operations.owner.ProcessStats.AiStep;
import io.steadyflow.operations.owner.ProcessStats.DesignFinding;
import io.steadyflow.operations.owner.ProcessStats.Durations;
import io.steadyflow.operations.owner.ProcessStats.Health;
import io.steadyflow.operations.owner.ProcessStats.Incidents;
import io.steadyflow.operations.owner.ProcessStats.Instances;
import io.steadyflow.operations.owner.ProcessStats.OpenTasks;
import io.steadyflow.operations.owner.ProcessStats.Rating;
import io.steadyflow.operations.owner.ProcessStats.ToolStep;
import io.steadyflow.operations.owner.ProcessStats.Trait;
import io.steadyflow.readiness.Finding;
import io.steadyflow.readiness.Severity;

/**
 * The health rule and the production-readiness scorecard, from the figures and the
 * readiness findings of the deployed diagram. Both pages print {@link #HEALTH_RULE} and
 * {@link #TRAIT_RULES}, so what the page says is what the code does.
 */
final class Scorecard {

	/** Rates need a few ended instances before one bad ending flags a process. */
	static final int MIN_ENDED = 10;

	static final double DONE_FAILING = 0.5;

	static final double DONE_ATTENTION = 0.8;

	static final double SLA_FAILING = 0.5;

	static final double SLA_ATTENTION = 0.9;

	/** Humans keeping fewer AI suggestions than this: the AI is not much help. */
	static final double KEPT_ATTENTION = 0.5;

	static final int MIN_DECISIONS = 5;

	static final String HEALTH_RULE = "Failing when an instance waits at an incident (a step out of retries), or, with at least "
			+ MIN_ENDED + " instances ended, fewer than " + percent(DONE_FAILING) + " ended done or fewer than "
			+ percent(SLA_FAILING) + " ended within the SLA. Attention when a user task is overdue, a step is "
			+ "failing and waiting for its next retry, the SLA was breached in the period, or, with at least "
			+ MIN_ENDED + " ended, fewer than " + percent(DONE_ATTENTION) + " ended done or fewer than "
			+ percent(SLA_ATTENTION) + " within the SLA. Healthy otherwise.";

	/**
	 * The trait ids, their titles and the readiness rules that give their design
	 * evidence.
	 */
	static final Map<String, String> TITLES = new java.util.LinkedHashMap<>();

	static final Map<String, Set<String>> RULES = Map.of("clear-trigger",
			Set.of("clear-trigger", "executable", "parse", "flowable-validation"), "definition-of-done",
			Set.of("definition-of-done", "outcome", "service-level"), "tool-access",
			Set.of("tool-config", "delegates-resolve", "safe-expressions", "ai-config"), "exception-handling",
			Set.of("tool-exception-path", "retry-ignored", "gateway-conditions", "reachability"), "human-oversight",
			Set.of("human-assignment", "late-human-step", "ai-needs-human-gate", "four-eyes"), "operational-ownership",
			Set.of("owner", "names", "documentation"));

	static {
		TITLES.put("clear-trigger", "Clear trigger");
		TITLES.put("definition-of-done", "Measurable definition of done");
		TITLES.put("tool-access", "Tool access");
		TITLES.put("exception-handling", "Exception handling");
		TITLES.put("human-oversight", "Human oversight");
		TITLES.put("operational-ownership", "Operational ownership");
	}

	/**
	 * How each trait is rated, in words, beside the design rule: errors fail, warnings
	 * need attention.
	 */
	static final Map<String, String> TRAIT_RULES = Map.of("clear-trigger",
			"Design: start events named and defined, the process executable. Run: attention when nothing started in the period.",
			"definition-of-done",
			"Design: sf:doneWhen, sf:outcome on every end event, a valid sf:sla. Run: done rate and share within SLA, as in the health rule; attention when no SLA is declared.",
			"tool-access",
			"Design: tool steps completely configured, delegates that exist, safe expressions. Run: attention when a tool step is failing now (retrying or out of retries).",
			"exception-handling",
			"Design: every tool call has an error path or retry policy, branches have conditions, every step can end. Run: failing with an open incident, attention with a step waiting for a retry.",
			"human-oversight",
			"Design: every user task says who does it and when it is late, AI results pass a person, four-eyes rules are sound. Run: attention when a user task is overdue, or when people kept fewer than "
					+ percent(KEPT_ATTENTION) + " of the AI's suggestions (at least " + MIN_DECISIONS + " decisions).",
			"operational-ownership",
			"Design: sf:owner names the accountable group. Run: attention when the owner has no notification address (steadyflow.owners.<owner>) or the SLA was breached in the period.");

	private Scorecard() {
	}

	/** The figures both the health and the traits are rated on. */
	record Evidence(Instances instances, Durations durations, Incidents incidents, OpenTasks tasks, long breaches,
			List<ToolStep> toolSteps, List<AiStep> aiSteps, boolean ownerNotified, String owner) {
	}

	static Health health(Evidence evidence) {
		Rating state = Rating.healthy;
		List<String> reasons = new ArrayList<>();
		if (evidence.incidents().count() > 0) {
			state = state.worst(Rating.failing);
			reasons.add(evidence.incidents().count() + " open incident(s)");
		}
		Instances instances = evidence.instances();
		if (instances.ended() >= MIN_ENDED && instances.doneRate() != null) {
			if (instances.doneRate() < DONE_FAILING) {
				state = state.worst(Rating.failing);
				reasons.add("done rate " + percent(instances.doneRate()) + " is below " + percent(DONE_FAILING));
			}
			else if (instances.doneRate() < DONE_ATTENTION) {
				state = state.worst(Rating.attention);
				reasons.add("done rate " + percent(instances.doneRate()) + " is below " + percent(DONE_ATTENTION));
			}
		}
		Durations durations = evidence.durations();
		if (durations.measured() >= MIN_ENDED && durations.withinSlaShare() != null) {
			if (durations.withinSlaShare() < SLA_FAILING) {
				state = state.worst(Rating.failing);
				reasons.add(percent(durations.withinSlaShare()) + " within SLA is below " + percent(SLA_FAILING));
			}
			else if (durations.withinSlaShare() < SLA_ATTENTION) {
				state = state.worst(Rating.attention);
				reasons.add(percent(durations.withinSlaShare()) + " within SLA is below " + percent(SLA_ATTENTION));
			}
		}
		if (evidence.tasks().overdue() > 0) {
			state = state.worst(Rating.attention);
			reasons.add(evidence.tasks().overdue() + " overdue task(s)");
		}
		if (evidence.incidents().retrying() > 0) {
			state = state.worst(Rating.attention);
			reasons.add(evidence.incidents().retrying() + " step(s) failing and waiting for a retry");
		}
		if (evidence.breaches() > 0) {
			state = state.worst(Rating.attention);
			reasons.add(evidence.breaches() + " SLA breach(es)");
		}
		if (reasons.isEmpty()) {
			reasons.add("no incident, nothing overdue, rates within bounds");
		}
		return new Health(state, List.copyOf(reasons));
	}

	static List<Trait> traits(Evidence evidence, List<Finding> findings) {
		List<Trait> traits = new ArrayList<>();
		for (String trait : TITLES.keySet()) {
			List<DesignFinding> design = findings.stream()
				.filter((finding) -> RULES.get(trait).contains(finding.rule()))
				.filter((finding) -> finding.severity() != Severity.INFO)
				.map((finding) -> new DesignFinding(finding.rule(), finding.severity().label(), finding.elementId(),
						finding.message()))
				.toList();
			Rating rating = Rating.healthy;
			List<String> reasons = new ArrayList<>();
			long errors = design.stream().filter((f) -> f.severity().equals("error")).count();
			long warnings = design.size() - errors;
			if (errors > 0) {
				rating = Rating.failing;
				reasons.add(errors + " readiness error(s) in the diagram");
			}
			else if (warnings > 0) {
				rating = Rating.attention;
				reasons.add(warnings + " readiness warning(s) in the diagram");
			}
			List<String> run = new ArrayList<>();
			rating = rating.worst(run(trait, evidence, run, reasons));
			if (reasons.isEmpty()) {
				reasons.add("the diagram meets the rules and the figures are within bounds");
			}
			traits.add(new Trait(trait, TITLES.get(trait), rating, String.join("; ", reasons), design, run));
		}
		return traits;
	}

	private static Rating run(String trait, Evidence evidence, List<String> run, List<String> reasons) {
		Rating rating = Rating.healthy;
		Instances instances = evidence.instances();
		switch (trait) {
			case "clear-trigger" -> {
				run.add(instances.started() + " started in the period, " + instances.running() + " running");
				if (instances.started() == 0) {
					rating = Rating.attention;
					reasons.add("nothing started in the period");
				}
			}
			case "definition-of-done" -> {
				Durations durations = evidence.durations();
				run.add("done rate " + percent(instances.doneRate()) + " (" + instances.done() + " of "
						+ instances.ended() + " ended)");
				run.add((durations.sla() != null)
						? percent(durations.withinSlaShare()) + " within the SLA of " + durations.sla()
						: "no SLA declared");
				if (durations.sla() == null) {
					rating = Rating.attention;
					reasons.add("no service level (sf:sla) to measure against");
				}
				if (instances.ended() >= MIN_ENDED && instances.doneRate() != null) {
					rating = rating.worst(below(instances.doneRate(), DONE_FAILING, DONE_ATTENTION));
					if (instances.doneRate() < DONE_ATTENTION) {
						reasons.add("done rate " + percent(instances.doneRate()));
					}
				}
				if (durations.measured() >= MIN_ENDED && durations.withinSlaShare() != null) {
					rating = rating.worst(below(durations.withinSlaShare(), SLA_FAILING, SLA_ATTENTION));
					if (durations.withinSlaShare() < SLA_ATTENTION) {
						reasons.add(percent(durations.withinSlaShare()) + " within SLA");
					}
				}
			}
			case "tool-access" -> {
				long calls = evidence.toolSteps().stream().mapToLong(ToolStep::calls).sum();
				long failing = evidence.toolSteps().stream().filter((s) -> s.retrying() + s.incidents() > 0).count();
				run.add(calls + " tool call(s) in the period, " + failing + " step(s) failing now");
				if (failing > 0) {
					rating = Rating.attention;
					reasons.add(failing + " tool step(s) failing now");
				}
			}
			case "exception-handling" -> {
				run.add(evidence.incidents().count() + " open incident(s), " + evidence.incidents().retrying()
						+ " job(s) waiting for a retry");
				if (evidence.incidents().count() > 0) {
					rating = Rating.failing;
					reasons.add(evidence.incidents().count() + " open incident(s)");
				}
				else if (evidence.incidents().retrying() > 0) {
					rating = Rating.attention;
					reasons.add(evidence.incidents().retrying() + " job(s) retrying");
				}
			}
			case "human-oversight" -> {
				long decisions = evidence.aiSteps().stream().mapToLong(AiStep::decisions).sum();
				long kept = evidence.aiSteps().stream().mapToLong(AiStep::kept).sum();
				run.add(evidence.tasks().open() + " open task(s), " + evidence.tasks().overdue() + " overdue");
				if (!evidence.aiSteps().isEmpty()) {
					run.add("people kept " + percent(ProcessFigures.share(kept, decisions))
							+ " of the AI's suggestions (" + kept + " of " + decisions + " decisions)");
				}
				if (evidence.tasks().overdue() > 0) {
					rating = Rating.attention;
					reasons.add(evidence.tasks().overdue() + " overdue task(s)");
				}
				if (decisions >= MIN_DECISIONS && (double) kept / decisions < KEPT_ATTENTION) {
					rating = Rating.attention;
					reasons.add("people overruled most AI suggestions");
				}
			}
			case "operational-ownership" -> {
				run.add((evidence.owner() == null) ? "no owner" : "owner " + evidence.owner()
						+ (evidence.ownerNotified() ? " is notified of incidents" : " has no notification address"));
				run.add(evidence.breaches() + " SLA breach(es) in the period");
				if (evidence.owner() == null) {
					rating = Rating.failing;
					reasons.add("no owner");
				}
				else if (!evidence.ownerNotified()) {
					rating = Rating.attention;
					reasons.add("the owner is not notified (no steadyflow.owners." + evidence.owner() + ")");
				}
				if (evidence.breaches() > 0) {
					rating = rating.worst(Rating.attention);
					reasons.add(evidence.breaches() + " SLA breach(es)");
				}
			}
			default -> throw new IllegalStateException(trait);
		}
		return rating;
	}

	private static Rating below(double value, double failing, double attention) {
		return (value < failing) ? Rating.failing : (value < attention) ? Rating.attention : Rating.healthy;
	}

	static String percent(Double share) {
		return (share == null) ? "—" : String.format(Locale.ROOT, "%.0f %%", share * 100);
	}

}
