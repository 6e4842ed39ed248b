package io.steadyflow.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.PageSession;
import org.flowable.engine.TaskService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill: every route the application maps — taken from the application itself, not from a
 * hand-made list, so a new route is drilled the day it is added — is called anonymously,
 * as a worker without the role it needs, and as a worker of another group on another
 * group's task and instance (IDOR); every route that reads a JSON body also gets
 * malformed, wrong-typed, oversized and unicode-edge bodies. Nothing answers 2xx where it
 * must not, nothing answers 5xx, and refused input is a 4xx that says what is wrong.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRouteDrillTest {

	/** Open to everyone by design. */
	static final Set<String> PUBLIC = Set.of("/login", "/error", "/v3/api-docs", "/v3/api-docs.yaml",
			"/v3/api-docs/swagger-config", "/swagger-ui.html");

	/** Routes a worker without a special role must be refused (403). */
	static final Pattern ROLE_ONLY = Pattern
		.compile("^/(api/deployments|api/incidents.*|incidents.*|modeler.*|api/process-instances/\\{id\\}/cancel)$");

	/** Routes on one task or instance: another group's worker gets 403 or 404. */
	static final Pattern ONE_TASK_OR_INSTANCE = Pattern
		.compile("^/(api/tasks/\\{id\\}.*|tasks/\\{id\\}.*|api/process-instances/\\{id\\}.*|instances/\\{id\\}.*)$");

	static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	TestRestTemplate rest;

	@Autowired
	TaskService taskService;

	@LocalServerPort
	int port;

	record Route(String method, String pattern, boolean jsonBody) {

		String path(String taskId, String instanceId) {
			Matcher variable = VARIABLE.matcher(this.pattern);
			StringBuilder path = new StringBuilder();
			while (variable.find()) {
				String name = variable.group(1);
				String value;
				if (this.pattern.contains("task")) {
					value = taskId;
				}
				else if (this.pattern.contains("instance")) {
					value = instanceId;
				}
				else if (name.equals("key")) {
					value = "invoice-approval";
				}
				else if (name.equals("version")) {
					value = "1";
				}
				else {
					value = "no-such-" + name;
				}
				variable.appendReplacement(path, Matcher.quoteReplacement(value));
			}
			variable.appendTail(path);
			return path.toString();
		}

	}

	List<Route> routes = new ArrayList<>();

	String taskId;

	String instanceId;

	@BeforeAll
	void collectRoutesAndWork() {
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			Set<String> patterns = info.getPatternValues();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			boolean json = hasJsonBody(handler);
			for (String pattern : patterns) {
				if (pattern.startsWith("/demo") || PUBLIC.contains(pattern) || pattern.startsWith("/swagger-ui")) {
					continue;
				}
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					this.routes.add(new Route(method.name(), pattern, json));
				}
			}
		});
		assertThat(this.routes).as("the application's own routes").hasSizeGreaterThan(30);
		Api.Response started = new Api(this.rest).post("clara", "/api/process-definitions/invoice-approval/instances",
				Map.of("businessKey", "ROUTES-" + UUID.randomUUID(), "variables", Map.of("vendor", "ACME",
						"invoiceNumber", "R-1", "amount", 2500.00, "currency", "EUR", "dueDate", "2026-12-31")));
		this.instanceId = started.text("id");
		this.taskId = this.taskService.createTaskQuery().processInstanceId(this.instanceId).singleResult().getId();
	}

	static boolean hasJsonBody(HandlerMethod handler) {
		for (var parameter : handler.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(RequestBody.class)) {
				return true;
			}
		}
		return false;
	}

	@Test
	void anonymousGetsNothingButASignInRequest() throws Exception {
		PageSession anonymous = PageSession.anonymous(this.port);
		List<String> wrong = new ArrayList<>();
		for (Route route : this.routes) {
			String path = route.path(this.taskId, this.instanceId);
			int status = anonymous
				.send(route.method(), path, route.jsonBody() ? "application/json" : null,
						route.jsonBody() ? "{}" : null)
				.status();
			boolean api = route.pattern().startsWith("/api/");
			// webhooks carry no user: an unsigned delivery is a 401, one to a hook nobody
			// declared a 404 (docs/triggers.md); never anything that starts work
			boolean hook = route.pattern().startsWith("/hooks/");
			boolean refused = hook ? (status == 401 || status == 404)
					: api ? status == 401 : (status == 302 || status == 401 || status == 403);
			if (!refused) {
				wrong.add(route.method() + " " + path + " -> " + status);
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void aWorkerWithoutTheRoleIsRefusedAndNothingFails() throws Exception {
		PageSession bea = PageSession.signIn(this.port, "bea");
		List<String> wrong = new ArrayList<>();
		for (Route route : this.routes) {
			String path = route.path(this.taskId, this.instanceId);
			int status = call("bea", bea, route, path);
			if (status >= 500) {
				wrong.add(route.method() + " " + path + " -> " + status + " (server error)");
			}
			else if (ROLE_ONLY.matcher(route.pattern()).matches() && status != 403) {
				wrong.add(route.method() + " " + path + " -> " + status + " (needs a role bea lacks)");
			}
			else if (ONE_TASK_OR_INSTANCE.matcher(route.pattern()).matches() && status != 403 && status != 404) {
				wrong.add(route.method() + " " + path + " -> " + status + " (another group's work)");
			}
		}
		assertThat(wrong).isEmpty();
		assertThat(this.taskService.createTaskQuery().taskId(this.taskId).singleResult().getAssignee())
			.as("nobody took the task on the way")
			.isNull();
	}

	/**
	 * The JSON API as the user with HTTP Basic, the pages in the user's signed-in session
	 * (with its CSRF token); bodies that would pass validation, so that only the access
	 * rules can refuse.
	 */
	int call(String user, PageSession session, Route route, String path) throws Exception {
		if (route.pattern().startsWith("/api/")) {
			HttpHeaders headers = new HttpHeaders();
			String body = null;
			if (route.jsonBody()) {
				headers.setContentType(MediaType.APPLICATION_JSON);
				body = "{\"variables\":{},\"reason\":\"drill\",\"retries\":1}";
			}
			return this.rest.withBasicAuth(user, "demo")
				.exchange(path, HttpMethod.valueOf(route.method()), new HttpEntity<>(body, headers), String.class)
				.getStatusCode()
				.value();
		}
		if (route.jsonBody()) {
			return session.send(route.method(), path, "application/json", "{\"variables\":{}}").status();
		}
		if (route.method().equals("POST")) {
			return session
				.send(route.method(), path, "application/x-www-form-urlencoded", "reason=drill&to=alex&message=drill")
				.status();
		}
		return session.send(route.method(), path, null, null).status();
	}

	@Test
	void badBodiesOnEveryJsonRouteAreAClearFourHundred() throws Exception {
		PageSession admin = PageSession.signIn(this.port, "admin");
		List<String> bodies = List.of("{", "[]", "\"text\"", "{\"variables\":\"not an object\"}",
				"{\"variables\":{\"x\":\"\\uD800\"}}", "{\"variables\":{\"n\":1e999999}}",
				"{\"businessKey\":\"" + "x".repeat(3_000_000) + "\"}");
		List<String> wrong = new ArrayList<>();
		int checked = 0;
		for (Route route : this.routes) {
			if (!route.jsonBody()) {
				continue;
			}
			checked++;
			String path = route.path(this.taskId, this.instanceId);
			for (String body : bodies) {
				PageSession.Answer answer = admin.send(route.method(), path, "application/json", body);
				String shown = (body.length() > 40) ? body.substring(0, 40) + "…" : body;
				if (answer.status() < 400 || answer.status() >= 500) {
					wrong.add(route.method() + " " + path + " with " + shown + " -> " + answer.status());
				}
				else if (answer.status() != 403 && answer.status() != 404 && answer.status() != 413
						&& answer.body().path("detail").asText().isBlank()) {
					wrong.add(route.method() + " " + path + " with " + shown + " -> " + answer.status()
							+ " without a detail");
				}
			}
		}
		assertThat(checked).as("JSON routes drilled").isGreaterThan(3);
		assertThat(wrong).isEmpty();
	}

}
