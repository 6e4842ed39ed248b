package io.steadyflow.readiness;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How strict the readiness linter is. The defaults are the strict ones; every relaxation
 * is shown in the reports it affects.
 *
 * @param allowedScriptLanguages script languages that script tasks and script listeners
 * may use (e.g. {@code groovy}); none by default, because a script in a BPMN file is code
 * that anyone allowed to deploy could run on the server
 * @param allowedTaskTypes service task types that are refused unless listed here
 * ({@code camel}, {@code mule}); {@code shell} is always refused
 * @param rules severity per rule id, overriding the rule's own: {@code error},
 * {@code warning}, {@code info} or {@code off} (quote it in YAML, or YAML reads a
 * boolean)
 * @param processes the same per process key (the process id), taking precedence over
 * {@code rules}
 */
@ConfigurationProperties("steadyflow.readiness")
public record ReadinessProperties(List<String> allowedScriptLanguages, List<String> allowedTaskTypes,
		Map<String, String> rules, Map<String, Map<String, String>> processes) {

	public ReadinessProperties {
		allowedScriptLanguages = lowerCase(allowedScriptLanguages);
		allowedTaskTypes = lowerCase(allowedTaskTypes);
		rules = (rules != null) ? Map.copyOf(rules) : Map.of();
		processes = (processes != null) ? Map.copyOf(processes) : Map.of();
		rules.forEach((rule, level) -> check(rule, level, "steadyflow.readiness.rules"));
		processes.forEach((process, settings) -> settings
			.forEach((rule, level) -> check(rule, level, "steadyflow.readiness.processes." + process)));
	}

	/** The strict defaults: no scripts, no restricted task types, no severity changes. */
	public static ReadinessProperties defaults() {
		return new ReadinessProperties(List.of(), List.of(), Map.of(), Map.of());
	}

	/**
	 * The configured level of a rule for a process: the process's own setting first, then
	 * the global one; empty when the rule keeps its own severities.
	 */
	Optional<Level> levelFor(String rule, String processKey) {
		if (processKey != null) {
			Map<String, String> settings = this.processes.get(processKey);
			if (settings != null && settings.containsKey(rule)) {
				return Optional.of(Level.parse(settings.get(rule)));
			}
		}
		return Optional.ofNullable(this.rules.get(rule)).map(Level::parse);
	}

	/** Where {@link #levelFor} found its answer, for the report. */
	String scopeOf(String rule, String processKey) {
		if (processKey != null) {
			Map<String, String> settings = this.processes.get(processKey);
			if (settings != null && settings.containsKey(rule)) {
				return "for process " + processKey;
			}
		}
		return "globally";
	}

	boolean scriptLanguageAllowed(String language) {
		return language != null && this.allowedScriptLanguages.contains(language.trim().toLowerCase(Locale.ROOT));
	}

	boolean taskTypeAllowed(String type) {
		return type != null && this.allowedTaskTypes.contains(type.trim().toLowerCase(Locale.ROOT));
	}

	private static List<String> lowerCase(List<String> values) {
		return (values != null) ? values.stream().map((value) -> value.trim().toLowerCase(Locale.ROOT)).toList()
				: List.of();
	}

	private static void check(String rule, String level, String where) {
		ReadinessRule known = ReadinessRule.byId(rule)
			.orElseThrow(() -> new IllegalArgumentException(where + "." + rule + ": unknown readiness rule '" + rule
					+ "'; known rules: " + configurableRuleIds()));
		if (!known.configurable()) {
			throw new IllegalArgumentException(where + "." + rule + ": the rule '" + rule
					+ "' cannot be relaxed by configuration" + (known == ReadinessRule.SAFE_EXPRESSIONS
							? " (use steadyflow.readiness.allowed-script-languages or allowed-task-types)" : ""));
		}
		Level.parse(level);
	}

	private static String configurableRuleIds() {
		return java.util.Arrays.stream(ReadinessRule.values())
			.filter(ReadinessRule::configurable)
			.map(ReadinessRule::id)
			.collect(Collectors.joining(", "));
	}

	/** A configured level: one of the severities, or off. */
	enum Level {

		ERROR, WARNING, INFO, OFF;

		static Level parse(String value) {
			String normalized = (value != null) ? value.trim().toLowerCase(Locale.ROOT) : "";
			return switch (normalized) {
				case "error" -> ERROR;
				case "warning" -> WARNING;
				case "info" -> INFO;
				// YAML 1.1 reads an unquoted off as the boolean false
				case "off", "false" -> OFF;
				default -> throw new IllegalArgumentException(
						"unknown readiness level '" + value + "': use error, warning, info or off");
			};
		}

		Severity severity() {
			return (this == OFF) ? null : Severity.valueOf(name());
		}

	}

}
