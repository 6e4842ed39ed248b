package io.steadyflow.tools;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.convert.DurationStyle;

/**
 * How the fields of an {@code httpTool} step are read: used by the tool at run time and
 * by the readiness rule {@code tool-config} at deploy time, so that both read a field the
 * same way. Parsing problems are {@link IllegalArgumentException}s whose message names
 * the field; the tool turns them into technical failures, the linter into findings.
 */
public final class HttpStepFields {

	/** The HTTP methods the tool sends. */
	public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

	/**
	 * In {@code errorCodes}, marks a refusal that is a technical failure (e.g.
	 * {@code 401:technical}).
	 */
	public static final String TECHNICAL = "technical";

	private static final Pattern STATUS = Pattern.compile("[1-5](\\d\\d|xx)");

	private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final ObjectMapper JSON = new ObjectMapper();

	private HttpStepFields() {
	}

	/**
	 * "a=b, c=d" (or "a:b") as an ordered map; an entry without the separator maps to
	 * itself.
	 */
	public static Map<String, String> pairs(String text, char separator) {
		Map<String, String> pairs = new LinkedHashMap<>();
		if (text == null) {
			return pairs;
		}
		for (String entry : text.split("[,\\r\\n]+")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int at = trimmed.indexOf(separator);
			if (at < 0) {
				pairs.put(trimmed, trimmed);
			}
			else {
				pairs.put(trimmed.substring(0, at).trim(), trimmed.substring(at + 1).trim());
			}
		}
		return pairs;
	}

	/** Header lines "Name: value", separated by new lines or '|'. */
	public static Map<String, String> headers(String text) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (text == null) {
			return headers;
		}
		for (String line : text.split("[\\r\\n|]+")) {
			if (line.isBlank()) {
				continue;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("header '" + line.trim() + "' is not 'Name: value'");
			}
			String name = line.substring(0, colon).trim();
			if (name.equalsIgnoreCase("Authorization")) {
				throw new IllegalArgumentException(
						"credentials never come from the diagram; name a configured secret with the field 'auth'");
			}
			headers.put(name, line.substring(colon + 1).trim());
		}
		return headers;
	}

	/** A step's {@code timeout} ("30s", "PT30S", "2m"): positive. */
	public static Duration timeout(String text) {
		Duration timeout;
		try {
			timeout = DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("invalid timeout '" + text + "'", ex);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		return timeout;
	}

	/** The absolute http(s) URL of a step without {@code system}. */
	public static URI url(String url) {
		try {
			URI uri = URI.create(url);
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
				throw new IllegalArgumentException("not an http(s) URL");
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("invalid URL '" + url + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * {@code errorCodes}: entries {@code status:CODE}, the status exact ({@code 404}) or
	 * a class ({@code 4xx}), the code a BPMN error code or {@code technical}.
	 */
	public static Map<String, String> errorCodes(String text) {
		Map<String, String> codes = pairs(text, ':');
		for (String entry : text.split("[,\\r\\n]+")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int at = trimmed.indexOf(':');
			if (at < 0 || trimmed.substring(at + 1).isBlank()) {
				throw new IllegalArgumentException("'" + trimmed + "' is not 'status:ERROR_CODE'");
			}
			String status = trimmed.substring(0, at).trim();
			if (!STATUS.matcher(status).matches()) {
				throw new IllegalArgumentException(
						"'" + status + "' in '" + trimmed + "' is not an HTTP status (404) or class (4xx)");
			}
		}
		return codes;
	}

	/**
	 * {@code responseMapping}: entries {@code variable=/json/pointer}, a trailing
	 * {@code ?} making the value optional.
	 */
	public static Map<String, String> responseMapping(String text) {
		Map<String, String> mapping = pairs(text, '=');
		mapping.forEach((variable, pointer) -> {
			if (!VARIABLE.matcher(variable).matches()) {
				throw new IllegalArgumentException("'" + variable + "' is not a variable name");
			}
			jsonPointer(pointer);
		});
		return mapping;
	}

	/** The JSON pointer of a {@code responseMapping} entry, without its optional mark. */
	public static JsonPointer jsonPointer(String pointer) {
		String path = pointer.endsWith("?") ? pointer.substring(0, pointer.length() - 1) : pointer;
		try {
			return JsonPointer.compile(path);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + path + "' is not a JSON pointer (such as /data/id)", ex);
		}
	}

	/**
	 * What is wrong with a step's fields, without running it. Fields whose value is an
	 * expression are only checked for presence.
	 * @param field the field's text as written in the diagram, or {@code null}
	 * @param config what the environment configures, or {@code null} when it is not known
	 * (then names of systems and secrets and the largest timeout are not checked)
	 */
	public static List<Problem> problems(Function<String, String> field, Configured config) {
		List<Problem> problems = new ArrayList<>();
		String method = field.apply("method");
		if (method != null && !isExpression(method) && !METHODS.contains(method.strip().toUpperCase(Locale.ROOT))) {
			problems.add(new Problem("method", "unsupported HTTP method '" + method.strip() + "'",
					"Use one of GET, POST, PUT, PATCH, DELETE (GET when the field is left out)."));
		}
		String url = field.apply("url");
		String system = field.apply("system");
		if (url == null) {
			problems.add(new Problem("url", "is missing, so the step cannot call anything",
					"Add <flowable:field name=\"url\" stringValue=\"https://...\"/> (or a path together with the field 'system')."));
		}
		else if (system == null && !isExpression(url)) {
			check(problems, "url", () -> url(url.strip()),
					"Give an absolute http(s) URL, or a path and the name of a configured system in the field 'system'.");
		}
		if (system != null && !isExpression(system) && config != null && !config.systems().contains(system.strip())) {
			problems.add(new Problem("system", "names the system '" + system.strip() + "', which is not configured",
					"Configure steadyflow.tools.http.systems." + system.strip() + " (its base URL)"
							+ known(" Configured systems: ", config.systems())));
		}
		String auth = field.apply("auth");
		if (auth != null && !isExpression(auth) && config != null && !config.secrets().contains(auth.strip())) {
			problems.add(new Problem("auth", "names the secret '" + auth.strip() + "', which is not configured",
					"Configure steadyflow.tools.http.secrets." + auth.strip()
							+ " from the environment; the diagram only names the secret"
							+ known(". Configured secrets: ", config.secrets())));
		}
		String headers = field.apply("headers");
		if (headers != null && !isExpression(headers)) {
			check(problems, "headers", () -> headers(headers),
					"Write one 'Name: value' per line (or separated by '|'); "
							+ "an Authorization header comes from the field 'auth' naming a configured secret.");
		}
		String timeout = field.apply("timeout");
		if (timeout != null && !isExpression(timeout)) {
			try {
				Duration duration = timeout(timeout.strip());
				if (config != null && config.maxTimeout() != null && duration.compareTo(config.maxTimeout()) > 0) {
					problems.add(new Problem("timeout",
							"asks for a timeout of " + timeout.strip() + ", above the largest allowed ("
									+ config.maxTimeout() + ", steadyflow.tools.http.max-timeout)",
							"Use a timeout up to steadyflow.tools.http.max-timeout; a longer call "
									+ "belongs in an external worker or an asynchronous callback."));
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(
						new Problem("timeout", ex.getMessage(), "Write a positive duration such as 30s, 2m or PT30S."));
			}
		}
		String errorCodes = field.apply("errorCodes");
		if (errorCodes != null && !isExpression(errorCodes)) {
			check(problems, "errorCodes", () -> errorCodes(errorCodes),
					"Write entries like '404:ORDER_UNKNOWN, 4xx:ORDER_REFUSED, 401:technical', separated by commas.");
		}
		String responseMapping = field.apply("responseMapping");
		if (responseMapping != null && !isExpression(responseMapping)) {
			check(problems, "responseMapping", () -> responseMapping(responseMapping),
					"Write entries like 'orderId=/data/id, note=/data/note?' (variable=JSON pointer, '?' for optional), "
							+ "separated by commas.");
		}
		String body = field.apply("body");
		if (body != null) {
			try {
				JSON.readTree(body);
			}
			catch (JsonProcessingException ex) {
				problems.add(new Problem("body", "the body template is not valid JSON: " + ex.getOriginalMessage(),
						"Write the body as a JSON document whose string values may be expressions, "
								+ "e.g. {\"id\": \"${orderId}\"}."));
			}
		}
		return problems;
	}

	private static void check(List<Problem> problems, String field, Runnable parse, String hint) {
		try {
			parse.run();
		}
		catch (IllegalArgumentException ex) {
			problems.add(new Problem(field, ex.getMessage(), hint));
		}
	}

	private static String known(String prefix, Set<String> names) {
		return names.isEmpty() ? "." : prefix + String.join(", ", names.stream().sorted().toList()) + ".";
	}

	/** Whether a field's value is only known at run time. */
	public static boolean isExpression(String text) {
		return text.contains("${") || text.contains("#{");
	}

	/** One problem with one field of a step. */
	public record Problem(String field, String message, String hint) {
	}

	/**
	 * What the environment configures for the tool.
	 *
	 * @param systems the configured system names
	 * @param secrets the configured secret names
	 * @param maxTimeout the longest timeout a step may ask for, or {@code null}
	 */
	public record Configured(Set<String> systems, Set<String> secrets, Duration maxTimeout) {

		public Configured {
			systems = Set.copyOf(systems);
			secrets = Set.copyOf(secrets);
		}

	}

}
