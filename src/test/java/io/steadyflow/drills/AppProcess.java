package io.steadyflow.drills;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The real application as an operating-system process of its own, started from the test
 * classpath, so that a drill can kill it as a crash would ({@code kill -9}: no shutdown
 * hook, no flush) and start it again on the same data.
 */
final class AppProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path workingDirectory;

	private final List<String> arguments;

	private final int port;

	private Process process;

	/**
	 * @param workingDirectory the directory it runs in: the default H2 database is
	 * {@code ./data} there
	 * @param arguments Spring properties as {@code --name=value}
	 */
	AppProcess(Path workingDirectory, List<String> arguments) {
		this.workingDirectory = workingDirectory;
		this.arguments = arguments;
		this.port = freePort();
	}

	/**
	 * The application on PostgreSQL with the demo users and the examples, as one named
	 * node of a cluster: the node name is its async executor's lock owner.
	 */
	static List<String> postgres(String jdbcUrl, String nodeName) {
		return List.of("--spring.profiles.active=postgres,demo", "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres", "--flowable.process.async.executor.lock-owner=" + nodeName,
				"--steadyflow.ai.warm-up=false");
	}

	/**
	 * The repository's forms, and the given processes folder (the repository's own, or a
	 * copy with a drill's process beside them).
	 */
	static List<String> repository(Path processes) {
		Path repository = Path.of("").toAbsolutePath();
		return List.of("--steadyflow.deployment.processes-location=" + processes,
				"--steadyflow.forms.location=" + repository.resolve("forms"));
	}

	int port() {
		return this.port;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Starts it and waits until its readiness probe says UP. */
	AppProcess start(Duration timeout) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
						System.getProperty("java.class.path"), "io.steadyflow.SteadyflowApplication",
						"--server.port=" + this.port));
		command.addAll(this.arguments);
		this.process = new ProcessBuilder(command).directory(this.workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.workingDirectory.resolve("app-" + this.port + ".log").toFile())
			.start();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The application exited with " + this.process.exitValue() + "; see "
						+ this.workingDirectory.resolve("app-" + this.port + ".log"));
			}
			if (ready()) {
				return this;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("The application was not ready within " + timeout);
	}

	private boolean ready() {
		try {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** SIGKILL: the process ends at once, as in a crash or an OOM kill. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** A request as a demo user (password "demo"), or anonymous. */
	HttpResponse<String> send(String user, String method, String path, String json)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes()));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * {@code POST /api/deployments} with one BPMN file (multipart field {@code file}) as
	 * a demo user.
	 */
	HttpResponse<String> deploy(String user, String fileName, String xml) throws IOException, InterruptedException {
		String boundary = "steadyflow-drill-" + System.nanoTime();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/xml\r\n\r\n" + xml + "\r\n--" + boundary + "--\r\n";
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/deployments"))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes()))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			kill();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
