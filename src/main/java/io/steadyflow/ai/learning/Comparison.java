package io.steadyflow.ai.learning;

import java.util.ArrayList;
import java.util.List;

import io.steadyflow.ai.learning.LabelsFigures.Figures;
import io.steadyflow.ai.learning.LabelsFigures.LabelFigure;

/**
 * The deploy gate's judgement of a new labels version against the one running: worse when
 * it would route a smaller share alone or be right less often, by more than
 * {@link #TOLERANCE} (half a point, so that rounding is not a regression), or when a
 * label that met a declared precision no longer does. A worse version is deployed only
 * when an author confirms it with a reason.
 *
 * @param rule the step's rule the figures were computed with
 * @param before the running version's figures
 * @param after the new version's figures
 * @param worse whether the new version is worse
 * @param why what makes it worse, empty when it is not
 */
public record Comparison(String rule, Figures before, Figures after, boolean worse, List<String> why) {

	static final double TOLERANCE = 0.005;

	static Comparison of(LabelsFigures.Rule rule, Figures before, Figures after) {
		List<String> why = new ArrayList<>();
		if (after.precision() < before.precision() - TOLERANCE) {
			why.add("precision falls from " + percent(before.precision()) + " to " + percent(after.precision()));
		}
		if (after.coverage() < before.coverage() - TOLERANCE) {
			why.add("coverage (routed alone) falls from " + percent(before.coverage()) + " to "
					+ percent(after.coverage()));
		}
		if (rule.precisionTarget() != null) {
			for (LabelFigure was : before.labels()) {
				LabelFigure now = after.label(was.label());
				if (was.precision() != null && was.precision() >= rule.precisionTarget() && now != null
						&& now.precision() != null && now.precision() < rule.precisionTarget()) {
					why.add("label '" + was.label() + "' falls below the declared precision: "
							+ percent(now.precision()));
				}
			}
		}
		return new Comparison(rule.describe(), before, after, !why.isEmpty(), List.copyOf(why));
	}

	static String percent(double share) {
		return String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
	}

}
