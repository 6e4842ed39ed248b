package io.steadyflow.benchmark;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One client: clara enters an invoice that needs approval, alex finds its approval task
 * in his task list and approves it, then the next invoice. Each client approves only the
 * invoices it started, so that clients never race for the same task and every 409 is a
 * real finding.
 */
final class BenchmarkClient {

	private static final ObjectMapper json = new ObjectMapper();

	private static final String CLERK = "clara";

	private static final String APPROVER = "alex";

	private static final String PASSWORD = "demo";

	private static final int PAGE_SIZE = 50;

	/** Bounds the search for a task that never shows up. */
	private static final int MAX_PAGES = 100;

	private static final int MAX_ERROR_SAMPLES = 3;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String baseUrl;

	private final String keyPrefix;

	private final Map<Operation, Latencies> latencies = new EnumMap<>(Operation.class);

	private final List<String> errorSamples = new ArrayList<>();

	private long errorCount;

	private long listRequests;

	private String lastInstanceId;

	/**
	 * @param keyPrefix makes business keys unique per client and phase
	 */
	BenchmarkClient(String baseUrl, String keyPrefix) {
		this.baseUrl = baseUrl;
		this.keyPrefix = keyPrefix;
		for (Operation operation : Operation.values()) {
			this.latencies.put(operation, new Latencies());
		}
	}

	private int completed;

	ClientResult run(int iterations) {
		for (int i = 0; i < iterations; i++) {
			cycle(this.keyPrefix + i, System.nanoTime());
		}
		return result();
	}

	/**
	 * One call, again and again until {@code untilNanos} ({@link System#nanoTime()}):
	 * {@link Operation#START} starts invoices that then wait for approval,
	 * {@link Operation#LIST} fetches the first page of alex's task list.
	 */
	ClientResult repeat(Operation operation, long untilNanos) {
		for (int i = 0; System.nanoTime() < untilNanos; i++) {
			switch (operation) {
				case START -> start(this.keyPrefix + i, System.nanoTime());
				case LIST -> firstPage();
				default -> throw new IllegalArgumentException(operation + " is not measured alone");
			}
		}
		return result();
	}

	/** The first page of alex's task list, as the task list page shows it (due first). */
	boolean firstPage() {
		this.listRequests++;
		return expect(send(Operation.LIST, APPROVER, "GET", "/api/tasks?size=" + PAGE_SIZE, null), 200, "list tasks");
	}

	/**
	 * One invoice: start, find its task, claim it, approve it.
	 * @param scheduledNanos when the cycle was due to start ({@link System#nanoTime()}):
	 * with an offered rate (open loop) the start's latency counts from then, so that time
	 * spent waiting for a free connection shows as the queueing it is
	 */
	void cycle(String businessKey, long scheduledNanos) {
		String instanceId = start(businessKey, scheduledNanos);
		String taskId = (instanceId != null) ? findApprovalTask(instanceId) : null;
		if (taskId != null && claim(taskId) && approve(taskId)) {
			this.latencies.get(Operation.INVOICE).record(System.nanoTime() - scheduledNanos);
			this.completed++;
		}
	}

	ClientResult result() {
		return new ClientResult(this.latencies, this.errorCount, List.copyOf(this.errorSamples), this.completed,
				this.listRequests, this.lastInstanceId);
	}

	private String start(String businessKey, long scheduledNanos) {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("vendor", "ACME");
		variables.put("invoiceNumber", businessKey);
		// At or above the auto-approval limit, so that every invoice waits for a person.
		variables.put("amount", new BigDecimal("2500.00"));
		variables.put("currency", "EUR");
		variables.put("dueDate", "2026-12-31");
		Exchange exchange = send(Operation.START, CLERK, "POST",
				"/api/process-definitions/" + ApiBenchmark.PROCESS_KEY + "/instances",
				Map.of("businessKey", businessKey, "variables", variables));
		long queued = System.nanoTime() - scheduledNanos - exchange.nanos();
		if (!expect((queued > 0) ? exchange.waited(queued) : exchange, 201, "start " + businessKey)) {
			return null;
		}
		this.lastInstanceId = exchange.json().path("id").asText(null);
		return this.lastInstanceId;
	}

	/**
	 * The task list has no filter by instance, so the client pages through it; newest
	 * first, so that a fresh task is normally on the first page.
	 */
	private String findApprovalTask(String instanceId) {
		for (int page = 0; page < MAX_PAGES; page++) {
			Exchange exchange = send(Operation.LIST, APPROVER, "GET", "/api/tasks?processKey="
					+ ApiBenchmark.PROCESS_KEY + "&sort=created&size=" + PAGE_SIZE + "&page=" + page, null);
			this.listRequests++;
			if (!expect(exchange, 200, "list tasks page " + page)) {
				return null;
			}
			JsonNode tasks = exchange.json();
			for (JsonNode task : tasks) {
				if (instanceId.equals(task.path("processInstanceId").asText())
						&& "approveInvoice".equals(task.path("taskDefinitionKey").asText())) {
					return task.path("id").asText();
				}
			}
			if (tasks.size() < PAGE_SIZE) {
				break;
			}
		}
		error("no approval task for instance " + instanceId + " in alex's task list");
		return null;
	}

	private boolean claim(String taskId) {
		return expect(send(Operation.CLAIM, APPROVER, "POST", "/api/tasks/" + taskId + "/claim", null), 200,
				"claim task " + taskId);
	}

	private boolean approve(String taskId) {
		Exchange exchange = send(Operation.COMPLETE, APPROVER, "POST", "/api/tasks/" + taskId + "/complete",
				Map.of("variables", Map.of("approval", "approve")));
		return expect(exchange, 204, "complete task " + taskId);
	}

	/** The state of an instance, as its starter sees it through the API. */
	static String instanceState(String baseUrl, String instanceId) {
		BenchmarkClient client = new BenchmarkClient(baseUrl, "");
		Exchange exchange = client.send(Operation.LIST, CLERK, "GET", "/api/process-instances/" + instanceId, null);
		return (exchange.status() == 200) ? exchange.json().path("state").asText()
				: "HTTP " + exchange.status() + " " + exchange.body();
	}

	private Exchange send(Operation operation, String user, String method, String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", basic(user))
			.header("Accept", "application/json");
		try {
			if (body != null) {
				request.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
			}
			else {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			long begin = System.nanoTime();
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			long nanos = System.nanoTime() - begin;
			return new Exchange(operation, response.statusCode(), response.body(), nanos);
		}
		catch (IOException ex) {
			return new Exchange(operation, -1, ex.toString(), 0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Exchange(operation, -1, "interrupted", 0);
		}
	}

	/** Records the latency of an expected answer, counts any other as an error. */
	private boolean expect(Exchange exchange, int status, String what) {
		if (exchange.status() == status) {
			this.latencies.get(exchange.operation()).record(exchange.nanos());
			return true;
		}
		error(what + ": HTTP " + exchange.status() + " " + abbreviate(exchange.body()));
		return false;
	}

	private void error(String message) {
		this.errorCount++;
		if (this.errorSamples.size() < MAX_ERROR_SAMPLES) {
			this.errorSamples.add(message);
		}
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

	private static String abbreviate(String text) {
		return (text == null || text.length() <= 300) ? text : text.substring(0, 300) + "...";
	}

	/** One request and its answer. */
	record Exchange(Operation operation, int status, String body, long nanos) {

		/** The same answer, with time spent waiting before the request was sent. */
		Exchange waited(long queuedNanos) {
			return new Exchange(this.operation, this.status, this.body, this.nanos + queuedNanos);
		}

		JsonNode json() {
			try {
				return json.readTree((this.body != null) ? this.body : "null");
			}
			catch (IOException ex) {
				throw new IllegalStateException("Not JSON: " + abbreviate(this.body), ex);
			}
		}

	}

}
