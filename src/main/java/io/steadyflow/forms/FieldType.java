package io.steadyflow.forms;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of form fields. */
public enum FieldType {

	TEXT, TEXTAREA, NUMBER, MONEY, DATE, BOOLEAN, SELECT, EMAIL, DECISION;

	/** The type named in a form file, or {@code null} for an unknown name. */
	static FieldType of(String name) {
		if (name == null) {
			return null;
		}
		try {
			return valueOf(name.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static String names() {
		return Arrays.stream(values())
			.map((type) -> type.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(", "));
	}

}
