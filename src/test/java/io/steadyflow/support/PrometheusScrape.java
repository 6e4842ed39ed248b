package io.steadyflow.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scrape of {@code /actuator/prometheus} parsed as the Prometheus text format (version
 * 0.0.4): one sample per line, {@code name{label="value",...} value [timestamp]},
 * comments and {@code # HELP}/{@code # TYPE} lines skipped. Small on purpose: the
 * Prometheus Java client ships no parser, and the tests need only names, labels and
 * values.
 */
public final class PrometheusScrape {

	/**
	 * One sample.
	 *
	 * @param name the metric name, with its suffix ({@code _total}, {@code _bucket}, ...)
	 * @param labels label name to value
	 * @param value the value
	 */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	public static PrometheusScrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			samples.add(sample(trimmed));
		}
		return new PrometheusScrape(List.copyOf(samples));
	}

	private static Sample sample(String line) {
		int position = 0;
		while (position < line.length() && line.charAt(position) != '{' && line.charAt(position) != ' ') {
			position++;
		}
		String name = line.substring(0, position);
		Map<String, String> labels = new LinkedHashMap<>();
		if (position < line.length() && line.charAt(position) == '{') {
			position++;
			while (line.charAt(position) != '}') {
				int equals = line.indexOf('=', position);
				String label = line.substring(position, equals).strip();
				if (line.charAt(equals + 1) != '"') {
					throw new IllegalArgumentException("Label value not quoted: " + line);
				}
				StringBuilder value = new StringBuilder();
				int i = equals + 2;
				for (; line.charAt(i) != '"'; i++) {
					char c = line.charAt(i);
					if (c == '\\') {
						char escaped = line.charAt(++i);
						value.append((escaped == 'n') ? '\n' : escaped);
					}
					else {
						value.append(c);
					}
				}
				labels.put(label, value.toString());
				position = i + 1;
				if (line.charAt(position) == ',') {
					position++;
				}
			}
			position++;
		}
		String[] rest = line.substring(position).strip().split("\\s+");
		return new Sample(name, Map.copyOf(labels), number(rest[0]));
	}

	private static double number(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> Double.parseDouble(text);
		};
	}

	public List<Sample> samples() {
		return this.samples;
	}

	/** The names of all samples (with their suffixes). */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

	/**
	 * The sum of the samples of this name whose labels include the given ones (0 when
	 * there is none): a counter over the labels left open.
	 */
	public double value(String name, Map<String, String> labels) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name))
			.filter((sample) -> sample.labels().entrySet().containsAll(labels.entrySet()))
			.mapToDouble(Sample::value)
			.sum();
	}

	public double value(String name) {
		return value(name, Map.of());
	}

}
