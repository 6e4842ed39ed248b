package io.steadyflow.drills;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill: the application on its default embedded H2 database is killed with SIGKILL while
 * a client starts invoices and approves them one after another, then started again on the
 * same files. Every start and every completion that was answered 2xx before the kill is
 * there after the restart: an acknowledged request survives a crash.
 */
class H2CrashDrillTest {

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	@TempDir
	Path directory;

	@Test
	void everyAcknowledgedStartAndCompletionSurvivesAKill() throws Exception {
		Path repository = Path.of("").toAbsolutePath();
		List<String> arguments = List.of(
				"--steadyflow.deployment.processes-location=" + repository.resolve("processes"),
				"--steadyflow.forms.location=" + repository.resolve("forms"), "--steadyflow.ai.warm-up=false",
				"--flowable.async-executor-activate=false");
		List<String> started = new ArrayList<>();
		List<String> completed = new ArrayList<>();
		try (AppProcess app = new AppProcess(this.directory, arguments).start(Duration.ofMinutes(3))) {
			AtomicBoolean running = new AtomicBoolean(true);
			Thread client = new Thread(() -> {
				int n = 0;
				while (running.get()) {
					try {
						n++;
						HttpResponse<String> start = app.send("clara", "POST",
								"/api/process-definitions/invoice-approval/instances",
								"{\"variables\":{\"vendor\":\"ACME\",\"invoiceNumber\":\"D-" + n
										+ "\",\"amount\":2500.00,\"currency\":\"EUR\",\"dueDate\":\"2026-12-31\"}}");
						if (start.statusCode() != 201) {
							continue;
						}
						String instance = id(start.body());
						synchronized (started) {
							started.add(instance);
						}
						HttpResponse<String> tasks = app.send("alex", "GET", "/api/tasks?processInstanceId=" + instance,
								null);
						HttpResponse<String> done = app.send("alex", "POST",
								"/api/tasks/" + id(tasks.body()) + "/complete",
								"{\"variables\":{\"approval\":\"reject\",\"approvalReason\":\"drill\"}}");
						if (done.statusCode() / 100 == 2) {
							synchronized (completed) {
								completed.add(instance);
							}
						}
					}
					catch (Exception ex) {
						// the server is gone: the kill happened
						return;
					}
				}
			});
			client.start();
			Instant until = Instant.now().plusSeconds(8);
			while (Instant.now().isBefore(until) && started.size() < 400) {
				Thread.sleep(100);
			}
			app.kill();
			running.set(false);
			client.join(15_000);
		}
		assertThat(started).as("the client got work acknowledged before the kill").hasSizeGreaterThan(5);
		assertThat(Files.isDirectory(this.directory.resolve("data"))).isTrue();

		try (AppProcess again = new AppProcess(this.directory, arguments).start(Duration.ofMinutes(3))) {
			List<String> lost = new ArrayList<>();
			List<String> notCompleted = new ArrayList<>();
			for (String instance : started) {
				HttpResponse<String> view = again.send("clara", "GET", "/api/process-instances/" + instance, null);
				if (view.statusCode() != 200) {
					lost.add(instance);
				}
				else if (completed.contains(instance) && !view.body().contains("\"state\":\"completed\"")) {
					notCompleted.add(instance);
				}
			}
			assertThat(lost).as("acknowledged starts lost (of %d)", started.size()).isEmpty();
			assertThat(notCompleted).as("acknowledged completions lost (of %d)", completed.size()).isEmpty();
		}
	}

	private static String id(String json) {
		Matcher matcher = ID.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no id in " + json);
		}
		return matcher.group(1);
	}

}
