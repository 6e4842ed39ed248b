package io.steadyflow.operations.owner;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.steadyflow.system.ProblemException;

/**
 * The days an owner looks at: {@code from} and {@code to} are whole days, both included,
 * in the server's time zone (the zone Flowable writes its timestamps in).
 *
 * @param from the first day
 * @param to the last day
 */
record Period(LocalDate from, LocalDate to) {

	/** Longer periods would make one request aggregate years of history. */
	static final int MAX_DAYS = 366;

	static final int DEFAULT_DAYS = 30;

	/**
	 * @param from {@code yyyy-MM-dd} or blank (30 days before {@code to})
	 * @param to {@code yyyy-MM-dd} or blank (today)
	 * @throws ProblemException 400 naming the parameter
	 */
	static Period parse(String from, String to, Clock clock) {
		LocalDate last = (to == null || to.isBlank()) ? LocalDate.now(clock) : date("to", to);
		LocalDate first = (from == null || from.isBlank()) ? last.minusDays(DEFAULT_DAYS - 1) : date("from", from);
		if (first.isAfter(last)) {
			throw invalid("from", "from (" + first + ") is after to (" + last + ")");
		}
		if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
			throw invalid("from", "the period from " + first + " to " + last + " is longer than " + MAX_DAYS
					+ " days; choose a later from or an earlier to");
		}
		return new Period(first, last);
	}

	private static LocalDate date(String parameter, String value) {
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw invalid(parameter, parameter + " '" + value + "' is not a date of the form yyyy-MM-dd");
		}
	}

	private static ProblemException invalid(String parameter, String detail) {
		return ProblemException.badRequest(detail).with("parameter", parameter);
	}

	/** The first instant of the period. */
	Instant start(ZoneId zone) {
		return this.from.atStartOfDay(zone).toInstant();
	}

	/** The first instant after the period. */
	Instant end(ZoneId zone) {
		return this.to.plusDays(1).atStartOfDay(zone).toInstant();
	}

	long days() {
		return ChronoUnit.DAYS.between(this.from, this.to) + 1;
	}

}
