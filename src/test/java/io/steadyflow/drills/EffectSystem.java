package io.steadyflow.drills;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A slow, idempotent system in the drill's JVM, called by the drill process's httpTool
 * step: it applies each Idempotency-Key's effect once and answers a repeated key with the
 * first answer, as a well-behaved server does. It counts the effects per process instance
 * (the key is {@code <processInstanceId>:<activityId>}), so an instance whose step
 * reached it under two keys, or without a key, shows as doubled.
 */
final class EffectSystem implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(64);

	private final Map<String, String> receipts = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> effectsPerInstance = new ConcurrentHashMap<>();

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong repeats = new AtomicLong();

	private final AtomicLong withoutKey = new AtomicLong();

	private final int minMillis;

	private final int maxMillis;

	/** Answers after a random delay in [minMillis, maxMillis]. */
	EffectSystem(int minMillis, int maxMillis) throws IOException {
		this.minMillis = minMillis;
		this.maxMillis = maxMillis;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
		this.server.setExecutor(this.threads);
		this.server.createContext("/effects", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.calls.incrementAndGet();
		exchange.getRequestBody().readAllBytes();
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		String receipt;
		if (key == null) {
			this.withoutKey.incrementAndGet();
			receipt = "R-" + this.calls.get();
		}
		else {
			String fresh = "R-" + key;
			String first = this.receipts.putIfAbsent(key, fresh);
			if (first == null) {
				String instance = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
				this.effectsPerInstance.computeIfAbsent(instance, (k) -> new AtomicLong()).incrementAndGet();
				receipt = fresh;
			}
			else {
				this.repeats.incrementAndGet();
				receipt = first;
			}
		}
		try {
			// slow enough that a node holds running calls when it is killed
			Thread.sleep(ThreadLocalRandom.current().nextInt(this.minMillis, this.maxMillis + 1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		byte[] body = ("{\"receipt\":\"" + receipt + "\"}").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	long calls() {
		return this.calls.get();
	}

	/** Calls with a key seen before, answered with the first answer and not applied. */
	long repeatsAbsorbed() {
		return this.repeats.get();
	}

	/** Instances whose effect was applied more than once, plus calls without a key. */
	long doubled() {
		return this.effectsPerInstance.values().stream().filter((count) -> count.get() > 1).count()
				+ this.withoutKey.get();
	}

	long instancesApplied() {
		return this.effectsPerInstance.size();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
