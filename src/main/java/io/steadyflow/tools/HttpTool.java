package io.steadyflow.tools;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steadyflow.metrics.WorkflowMetrics;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The {@code http} tool: calls a REST system from a service task
 * ({@code flowable:delegateExpression="${httpTool}"}), configured by the step's
 * {@code flowable:field}s (docs/tools.md lists them). A 2xx answer is mapped into
 * variables; a 4xx becomes a BPMN error the diagram catches; anything else (5xx, timeout,
 * no connection) is a technical failure that the engine retries and finally turns into an
 * incident. Every call carries an {@code Idempotency-Key} that is the same for every
 * attempt of the same step of the same instance, so that a retry after a lost answer
 * cannot act twice.
 */
@Component("httpTool")
class HttpTool implements JavaDelegate {

	private static final Logger logger = LoggerFactory.getLogger(HttpTool.class);

	/**
	 * In {@code errorCodes}, marks a refusal that is a technical failure (e.g.
	 * {@code 401:technical}: a wrong token is fixed by an operator, not by the diagram).
	 */
	static final String TECHNICAL = HttpStepFields.TECHNICAL;

	private final HttpTransport transport;

	private final HttpToolProperties properties;

	private final ObjectMapper objectMapper;

	HttpTool(HttpTransport transport, HttpToolProperties properties, ObjectMapper objectMapper) {
		this.transport = transport;
		this.properties = properties;
		this.objectMapper = objectMapper;
	}

	@Override
	public void execute(DelegateExecution execution) {
		StepFields fields = new StepFields(execution);
		String method = fields.text("method", "GET").toUpperCase(Locale.ROOT);
		if (!HttpStepFields.METHODS.contains(method)) {
			throw new ToolFailure("Step '" + fields.activityId() + "': unsupported HTTP method '" + method + "'");
		}
		URI uri = uri(fields);
		Duration timeout = timeout(fields);
		String body = body(execution, fields);
		HttpRequest.Builder request = HttpTransport.request(uri, timeout)
			.header("Accept", "application/json")
			.header("Idempotency-Key", fields.text("idempotencyKey", idempotencyKey(execution)));
		headers(fields).forEach(request::header);
		String auth = fields.text("auth");
		if (auth != null) {
			request.header("Authorization", "Bearer " + secret(fields, auth));
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		String what = method + " " + uri;
		String system = fields.text("system");
		HttpTransport.Answer answer = this.transport.exchange(request.build(), timeout, what,
				(system != null) ? system : WorkflowMetrics.RAW_URL);
		logger.debug("{} answered {} (step {} of {})", what, answer.status(), fields.activityId(),
				execution.getProcessInstanceId());
		String statusVariable = fields.text("statusVariable");
		if (statusVariable != null) {
			execution.setVariable(statusVariable, answer.status());
		}
		if (answer.success()) {
			mapAnswer(execution, fields, answer, what);
			return;
		}
		String errorCode;
		try {
			errorCode = errorCode(fields.text("errorCodes"), answer);
		}
		catch (IllegalArgumentException ex) {
			throw new ToolFailure("Step '" + fields.activityId() + "': errorCodes: " + ex.getMessage(), ex);
		}
		if (errorCode == null) {
			throw new ToolFailure(what + " failed with HTTP " + answer.status() + ": " + answer.abbreviatedBody());
		}
		String message = what + " was refused with HTTP " + answer.status() + ": " + answer.abbreviatedBody();
		String errorVariable = fields.text("errorVariable");
		if (errorVariable != null) {
			execution.setVariable(errorVariable, message);
		}
		String errorCodeVariable = fields.text("errorCodeVariable");
		if (errorCodeVariable != null) {
			execution.setVariable(errorCodeVariable, errorCode);
		}
		throw new BpmnError(errorCode, message);
	}

	/** The same for every attempt of this step in this instance. */
	static String idempotencyKey(DelegateExecution execution) {
		return execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId();
	}

	/**
	 * The BPMN error code for an answer that is not a success, or {@code null} for a
	 * technical failure. An exact status in {@code errorCodes} wins over a class
	 * ({@code 4xx}); unmapped refusals get {@code HTTP_<status>}; other statuses are
	 * technical failures unless mapped explicitly; {@code technical} maps to a technical
	 * failure.
	 */
	static String errorCode(String mapping, HttpTransport.Answer answer) {
		Map<String, String> codes = (mapping != null) ? HttpStepFields.errorCodes(mapping) : Map.of();
		String status = Integer.toString(answer.status());
		String code = codes.get(status);
		if (code == null && answer.refused()) {
			code = codes.getOrDefault(status.charAt(0) + "xx", "HTTP_" + status);
		}
		return TECHNICAL.equals(code) ? null : code;
	}

	private URI uri(StepFields fields) {
		String url = fields.required("url");
		String system = fields.text("system");
		if (system == null) {
			return parse(fields, url);
		}
		URI base = this.properties.systems().get(system);
		if (base == null) {
			throw new ToolFailure("Step '" + fields.activityId() + "': no system '" + system
					+ "' is configured (steadyflow.tools.http.systems." + system + ")");
		}
		String prefix = base.toString().replaceAll("/+$", "");
		return parse(fields, url.startsWith("/") ? prefix + url : prefix + "/" + url);
	}

	private static URI parse(StepFields fields, String url) {
		try {
			return HttpStepFields.url(url);
		}
		catch (IllegalArgumentException ex) {
			throw new ToolFailure("Step '" + fields.activityId() + "': " + ex.getMessage(), ex);
		}
	}

	private Duration timeout(StepFields fields) {
		String text = fields.text("timeout");
		if (text == null) {
			return this.properties.timeout();
		}
		Duration timeout;
		try {
			timeout = HttpStepFields.timeout(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ToolFailure("Step '" + fields.activityId() + "': " + ex.getMessage(), ex);
		}
		return (timeout.compareTo(this.properties.maxTimeout()) > 0) ? this.properties.maxTimeout() : timeout;
	}

	private String secret(StepFields fields, String name) {
		String secret = this.properties.secrets().get(name);
		if (secret == null || secret.isBlank()) {
			throw new ToolFailure("Step '" + fields.activityId() + "': no secret '" + name
					+ "' is configured (steadyflow.tools.http.secrets." + name + ")");
		}
		return secret;
	}

	/** Header lines "Name: value", separated by new lines or '|'. */
	private static Map<String, String> headers(StepFields fields) {
		try {
			return HttpStepFields.headers(fields.text("headers"));
		}
		catch (IllegalArgumentException ex) {
			throw new ToolFailure("Step '" + fields.activityId() + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * The JSON body: a template ({@code body}) whose string values are expressions over
	 * the variables, the variables named in {@code bodyVariables}, or one variable
	 * ({@code bodyVariable}) holding an object.
	 */
	private String body(DelegateExecution execution, StepFields fields) {
		try {
			String template = fields.raw("body");
			if (template != null) {
				JsonNode json = this.objectMapper.readTree(template);
				return this.objectMapper.writeValueAsString(fill(execution, json));
			}
			String names = fields.text("bodyVariables");
			if (names != null) {
				ObjectNode json = this.objectMapper.createObjectNode();
				pairs(names, '=').forEach((property, variable) -> json.set(property,
						this.objectMapper.valueToTree(execution.getVariable(variable))));
				return this.objectMapper.writeValueAsString(json);
			}
			String variable = fields.text("bodyVariable");
			if (variable != null) {
				Object value = execution.getVariable(variable);
				if (value == null) {
					throw new ToolFailure("Step '" + fields.activityId() + "': variable '" + variable + "' is not set");
				}
				return (value instanceof String text) ? text : this.objectMapper.writeValueAsString(value);
			}
			return null;
		}
		catch (IOException ex) {
			throw new ToolFailure("Step '" + fields.activityId() + "': the body is not valid JSON: " + ex.getMessage(),
					ex);
		}
	}

	private JsonNode fill(DelegateExecution execution, JsonNode node) {
		if (node.isTextual() && node.asText().contains("${")) {
			Object value = CommandContextUtil.getProcessEngineConfiguration()
				.getExpressionManager()
				.createExpression(node.asText())
				.getValue(execution);
			return this.objectMapper.valueToTree(value);
		}
		if (node instanceof ObjectNode object) {
			Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
			while (entries.hasNext()) {
				Map.Entry<String, JsonNode> entry = entries.next();
				entry.setValue(fill(execution, entry.getValue()));
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, fill(execution, array.get(i)));
			}
		}
		return node;
	}

	private void mapAnswer(DelegateExecution execution, StepFields fields, HttpTransport.Answer answer, String what) {
		String resultVariable = fields.text("resultVariable");
		String mapping = fields.text("responseMapping");
		if (resultVariable == null && mapping == null) {
			return;
		}
		JsonNode json = null;
		if (!answer.body().isBlank()) {
			try {
				json = this.objectMapper.readTree(answer.body());
			}
			catch (IOException ex) {
				if (mapping != null) {
					// A success whose content cannot be read is not a success:
					// retried, and
					// an incident if it persists, rather than a step that carries on
					// blind.
					throw new ToolFailure(what + " answered with malformed JSON: " + answer.abbreviatedBody(), ex);
				}
			}
		}
		if (resultVariable != null) {
			// Objects and arrays are stored as JSON variables, plain values as
			// themselves.
			Object result = (json == null) ? emptyToNull(answer.body())
					: json.isContainerNode() ? json : toVariable(json);
			execution.setVariable(resultVariable, result);
		}
		if (mapping == null) {
			return;
		}
		JsonNode root = (json != null) ? json : this.objectMapper.missingNode();
		Map<String, String> entries;
		try {
			entries = HttpStepFields.responseMapping(mapping);
		}
		catch (IllegalArgumentException ex) {
			throw new ToolFailure("Step '" + fields.activityId() + "': responseMapping: " + ex.getMessage(), ex);
		}
		entries.forEach((variable, pointer) -> {
			boolean optional = pointer.endsWith("?");
			String path = optional ? pointer.substring(0, pointer.length() - 1) : pointer;
			JsonNode value;
			try {
				value = root.at(HttpStepFields.jsonPointer(pointer));
			}
			catch (IllegalArgumentException ex) {
				throw new ToolFailure("Step '" + fields.activityId() + "': " + ex.getMessage(), ex);
			}
			if (value.isMissingNode() && !optional) {
				throw new ToolFailure(what + " answered without " + path + " (needed for variable '" + variable + "'): "
						+ answer.abbreviatedBody());
			}
			execution.setVariable(variable, toVariable(value));
		});
	}

	private static Object toVariable(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (value.isTextual()) {
			return value.asText();
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isIntegralNumber()) {
			return value.canConvertToInt() ? (Object) value.intValue()
					: value.canConvertToLong() ? (Object) value.longValue() : value.decimalValue();
		}
		if (value.isNumber()) {
			BigDecimal decimal = value.decimalValue();
			return decimal;
		}
		return value;
	}

	private static String emptyToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	/**
	 * "a=b, c=d" (or "a:b") as an ordered map; an entry without the separator maps to
	 * itself.
	 */
	static Map<String, String> pairs(String text, char separator) {
		return HttpStepFields.pairs(text, separator);
	}

}
