package io.steadyflow.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads {@code /actuator/prometheus} at a fixed interval as the demo scrape account, the
 * way a Prometheus server would, so that the benchmark includes the cost of being scraped
 * (the gauges' count queries, formatting every series).
 */
final class Scraper implements AutoCloseable {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "bench-scraper");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient client = HttpClient.newHttpClient();

	private final AtomicInteger scrapes = new AtomicInteger();

	Scraper(String baseUrl, Duration interval) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("prometheus:demo".getBytes(StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(10))
			.build();
		this.timer.scheduleAtFixedRate(() -> {
			try {
				HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					this.scrapes.incrementAndGet();
				}
			}
			catch (Exception ex) {
				// a missed scrape is a gap in Prometheus too; the run goes on
			}
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	int scrapes() {
		return this.scrapes.get();
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
