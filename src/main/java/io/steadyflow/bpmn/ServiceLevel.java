package io.steadyflow.bpmn;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.flowable.bpmn.model.BaseElement;

/**
 * The service level of a process or a user task, {@code sf:sla}: the time within which an
 * instance should end (on {@code <process>}) or a task be completed (on a user task), as
 * an ISO-8601 duration in days, hours and minutes ({@code P2D}, {@code PT4H},
 * {@code P1DT12H}).
 */
public final class ServiceLevel {

	/** The attribute, in the {@code sf:} namespace. */
	public static final String ATTRIBUTE = "sla";

	private ServiceLevel() {
	}

	/**
	 * @return the declared service level, or empty when none is declared
	 * @throws IllegalArgumentException naming the value when it is not a positive
	 * duration
	 */
	public static Optional<Duration> of(BaseElement element) {
		String value = element.getAttributeValue(Outcome.SF_NS, ATTRIBUTE);
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		Duration sla;
		try {
			sla = Duration.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"sf:sla '" + value.strip() + "' is not an ISO-8601 duration such as P2D, PT4H or P1DT12H");
		}
		if (sla.isNegative() || sla.isZero()) {
			throw new IllegalArgumentException("sf:sla '" + value.strip() + "' must be longer than zero");
		}
		return Optional.of(sla);
	}

}
