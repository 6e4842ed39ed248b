package io.steadyflow.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for another system (a REST API a workflow calls). Tests
 * queue the answers per path and read the requests it received.
 */
public final class TestSystem {

	/** One answer: status and body, optionally after a delay (to provoke time-outs). */
	public record Answer(int status, String body, long delayMillis) {

		public static Answer json(int status, String body) {
			return new Answer(status, body, 0);
		}

		public static Answer ok(String body) {
			return new Answer(200, body, 0);
		}

		public static Answer status(int status) {
			return new Answer(status, "{\"error\":\"status " + status + "\"}", 0);
		}

		public static Answer hang(long millis) {
			return new Answer(200, "{}", millis);
		}

	}

	/** One request received: headers by lower-case name. */
	public record Received(String method, String path, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	private final HttpServer server;

	private final String name;

	private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();

	private final Map<String, Answer> fallbacks = new ConcurrentHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	public TestSystem(String name) {
		this.name = name;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "test-system-" + name);
			thread.setDaemon(true);
			return thread;
		}));
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + this.name;
	}

	public void reset() {
		this.answers.clear();
		this.fallbacks.clear();
		this.received.clear();
	}

	/** Answers to requests for the path (below the base URL), in order. */
	public void willAnswer(String path, Answer... next) {
		this.answers.computeIfAbsent(path, (p) -> new ConcurrentLinkedDeque<>()).addAll(List.of(next));
	}

	/** The answer for the path once the queued ones are used up (default 404). */
	public void alwaysAnswer(String path, Answer answer) {
		this.fallbacks.put(path, answer);
	}

	public List<Received> received() {
		return new ArrayList<>(this.received);
	}

	/** Requests whose idempotency key belongs to the process instance. */
	public List<Received> receivedFor(String processInstanceId) {
		return this.received.stream().filter((r) -> {
			String key = r.header("Idempotency-Key");
			return key != null && key.startsWith(processInstanceId + ":");
		}).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Map<String, String> headers = new TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), String.join(",", values)));
		String path = exchange.getRequestURI().getPath().substring(this.name.length() + 1);
		this.received.add(new Received(exchange.getRequestMethod(), path, headers, body));
		Deque<Answer> queued = this.answers.get(path);
		Answer answer = (queued != null) ? queued.poll() : null;
		if (answer == null) {
			answer = this.fallbacks.getOrDefault(path, Answer.status(404));
		}
		respond(exchange, answer.status(), answer.body(), answer.delayMillis());
	}

	/**
	 * Sends the answer after its delay, as JSON; a client that gave up waiting (time-out
	 * tests) is no failure of the server.
	 */
	static void respond(HttpExchange exchange, int status, String body, long delayMillis) {
		if (delayMillis > 0) {
			try {
				Thread.sleep(delayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		try {
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// the client gave up waiting
		}
		finally {
			exchange.close();
		}
	}

}
