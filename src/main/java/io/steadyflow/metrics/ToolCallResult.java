package io.steadyflow.metrics;

import java.util.Locale;

/**
 * How a call to another system ended, as the workflows treat it.
 */
public enum ToolCallResult {

	/** The system did what was asked (HTTP 2xx, mail handed to the server). */
	SUCCESS,
	/** The system said no to this request (an HTTP 4xx other than 408 and 429). */
	REFUSED,
	/** No usable answer: 5xx, 408, 429, time-out, no connection, no mail server. */
	FAILED;

	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
