package io.steadyflow.ai;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server that speaks the OpenAI chat-completions protocol
 * ({@code POST /v1/chat/completions}) and answers what the test tells it to: a given
 * message content, or nothing until it is too late.
 */
final class ChatServer implements AutoCloseable {

	private final HttpServer server;

	private final ObjectMapper objectMapper = new ObjectMapper();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private volatile String content = "{}";

	private volatile Duration delay = Duration.ZERO;

	ChatServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/v1/chat/completions", this::answer);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/** The next answers carry this message content. */
	void answers(String content) {
		this.content = content;
		this.delay = Duration.ZERO;
	}

	/** The next answers come only after this delay. */
	void answersAfter(Duration delay, String content) {
		this.content = content;
		this.delay = delay;
	}

	List<String> requests() {
		return this.requests;
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			this.requests.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
		}
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		ObjectNode response = this.objectMapper.createObjectNode()
			.put("id", "chatcmpl-test")
			.put("object", "chat.completion")
			.put("created", 1_700_000_000)
			.put("model", "test-model-2026-01");
		ObjectNode choice = response.putArray("choices").addObject();
		choice.put("index", 0).put("finish_reason", "stop");
		choice.putObject("message").put("role", "assistant").put("content", this.content);
		response.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 10).put("total_tokens", 20);
		byte[] bytes = this.objectMapper.writeValueAsBytes(response);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		try {
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// the client gave up waiting: that is what the timeout test wants
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
