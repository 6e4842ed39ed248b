package io.steadyflow.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for the ERP: tests queue the answers it gives and read
 * the requests it received. One per JVM, so that every Spring test context points at the
 * same URL (and is cached).
 */
public final class TestErp {

	/**
	 * One answer: an HTTP status and body, or a delay before answering (to provoke
	 * time-outs).
	 */
	public record Answer(int status, String body, long delayMillis) {

		public static Answer ok(String documentId) {
			return new Answer(200, "{\"documentId\":\"" + documentId + "\"}", 0);
		}

		public static Answer status(int status) {
			return new Answer(status, "{\"error\":\"status " + status + "\"}", 0);
		}

		public static Answer hang(long millis) {
			return new Answer(200, "{\"documentId\":\"LATE\"}", millis);
		}

	}

	/** One request the ERP received. */
	public record Received(String path, String idempotencyKey, String body) {
	}

	private static final TestErp INSTANCE = new TestErp();

	private final HttpServer server;

	private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Answer fallback = Answer.ok("DOC-DEFAULT");

	private TestErp() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "test-erp");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.start();
	}

	public static TestErp get() {
		return INSTANCE;
	}

	public static String baseUrl() {
		return "http://127.0.0.1:" + INSTANCE.server.getAddress().getPort() + "/erp";
	}

	/** Forget queued answers and received requests; answer 200 by default. */
	public void reset() {
		this.answers.clear();
		this.received.clear();
		this.fallback = Answer.ok("DOC-DEFAULT");
	}

	/** Answers given in order, one per request; after them the fallback. */
	public void willAnswer(Answer... next) {
		this.answers.addAll(List.of(next));
	}

	public void alwaysAnswer(Answer answer) {
		this.fallback = answer;
	}

	public List<Received> received() {
		return new ArrayList<>(this.received);
	}

	/** Requests that carried the given idempotency key prefix (a process instance id). */
	public List<Received> receivedFor(String processInstanceId) {
		return this.received.stream()
			.filter((r) -> r.idempotencyKey() != null && r.idempotencyKey().startsWith(processInstanceId + ":"))
			.toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		this.received.add(new Received(exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
		Answer answer = this.answers.poll();
		if (answer == null) {
			answer = this.fallback;
		}
		TestSystem.respond(exchange, answer.status(), answer.body(), answer.delayMillis());
	}

}
