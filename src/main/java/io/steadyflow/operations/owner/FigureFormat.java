package io.steadyflow.operations.owner;

import java.time.Duration;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * How the owner's pages write durations and shares ({@code @figures.duration(ms)} in the
 * templates). Public because Thymeleaf's expressions call it reflectively.
 */
@Component("figures")
public class FigureFormat {

	/**
	 * {@code 850 ms}, {@code 42 s}, {@code 3 min}, {@code 5.2 h}, {@code 3.1 d}; a dash
	 * for none.
	 */
	public String duration(Long ms) {
		if (ms == null) {
			return "—";
		}
		Duration duration = Duration.ofMillis(ms);
		if (ms < 1_000) {
			return ms + " ms";
		}
		if (duration.toSeconds() < 120) {
			return duration.toSeconds() + " s";
		}
		if (duration.toMinutes() < 120) {
			return duration.toMinutes() + " min";
		}
		if (duration.toHours() < 48) {
			return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
		}
		return String.format(Locale.ROOT, "%.1f d", ms / 86_400_000.0);
	}

	/** {@code 87 %}; a dash when there was nothing to divide by. */
	public String percent(Double share) {
		return Scorecard.percent(share);
	}

}
