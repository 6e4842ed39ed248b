package io.steadyflow.drills;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drill 3: the application on its default embedded H2 database is killed with SIGKILL
 * while a client starts invoices and approves them one after another, then started again
 * on the same files. Every start and every completion that was answered 2xx before the
 * kill is there after the restart: an acknowledged request survives a crash.
 */
final class H2CrashDrill {

	static final String NAME = "3. H2 killed mid-load";

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	/** What the drill saw; the suite's row is made from it. */
	record Outcome(int started, int completed, List<String> lost, List<String> notCompleted, int serverErrors,
			boolean databaseFiles) {

		DrillResult result() {
			return new DrillResult(NAME,
					"default H2 file database; 1 client starts and rejects invoices; kill -9 after 8 s; restart on the same files",
					"the database opens; every acknowledged start and completion is there",
					String.format(
							"%d starts and %d completions acknowledged before the kill; after the restart %d starts and %d completions missing",
							this.started, this.completed, this.lost.size(), this.notCompleted.size()),
					this.lost.size() + this.notCompleted.size(), 0, this.serverErrors,
					this.databaseFiles && this.started > 5 && this.lost.isEmpty() && this.notCompleted.isEmpty()
							&& this.serverErrors == 0);
		}

	}

	Outcome run(Path directory) throws Exception {
		Path repository = Path.of("").toAbsolutePath();
		List<String> arguments = new ArrayList<>(AppProcess.repository(repository.resolve("processes")));
		arguments.addAll(List.of("--steadyflow.ai.warm-up=false", "--flowable.async-executor-activate=false"));
		List<String> started = new ArrayList<>();
		List<String> completed = new ArrayList<>();
		AtomicInteger serverErrors = new AtomicInteger();
		try (AppProcess app = new AppProcess(directory, arguments).start(Duration.ofMinutes(3))) {
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
						if (start.statusCode() >= 500) {
							serverErrors.incrementAndGet();
						}
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
						if (done.statusCode() >= 500) {
							serverErrors.incrementAndGet();
						}
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
		boolean files = Files.isDirectory(directory.resolve("data"));

		try (AppProcess again = new AppProcess(directory, arguments).start(Duration.ofMinutes(3))) {
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
			return new Outcome(started.size(), completed.size(), lost, notCompleted, serverErrors.get(), files);
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
