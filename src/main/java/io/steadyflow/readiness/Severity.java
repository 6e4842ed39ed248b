package io.steadyflow.readiness;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How much a finding matters. Errors refuse a deployment; warnings and infos are reported
 * with it.
 */
public enum Severity {

	ERROR, WARNING, INFO;

	@JsonValue
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Accepts the lowercase JSON label as well as the constant name. */
	public static Severity of(String value) {
		return valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

}
