package io.steadyflow.drills;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The long drills of the platform's guarantees (README "Guarantees"): each runs the real
 * application as separate operating-system processes, does something bad to it, and
 * reports what survived. Prints one Markdown table; exits 1 when a drill did not hold.
 * <p>
 * Run: {@code ./mvnw -q -Pdrills test-compile exec:exec} with {@code -Ddrill.only=1,2}
 * (default all), {@code -Ddrill.instances} (drill 1, default 500), {@code -Ddrill.outage}
 * (drill 2, seconds, default 30), {@code -Ddrill.clients} and {@code -Ddrill.minutes}
 * (drill 5, default 50 and 10). PostgreSQL on 127.0.0.1:5432 as user postgres; each drill
 * makes a database of its own.
 */
public final class DrillSuite {

	private DrillSuite() {
	}

	public static void main(String[] args) throws Exception {
		Set<String> only = Set.of(System.getProperty("drill.only", "1,2,3,4,5").split(","));
		Path root = Files.createTempDirectory("steadyflow-drills");
		List<DrillResult> results = new ArrayList<>();
		if (only.contains("1")) {
			results.add(new NodeKillDrill(Integer.getInteger("drill.instances", 500), Duration.ofMinutes(4))
				.run(Files.createDirectories(root.resolve("nodes"))));
			report(results);
		}
		if (only.contains("2")) {
			results.add(new DatabaseOutageDrill(Duration.ofSeconds(Integer.getInteger("drill.outage", 30)))
				.run(Files.createDirectories(root.resolve("outage"))));
			report(results);
		}
		if (only.contains("3")) {
			Path directory = Files.createDirectories(root.resolve("h2"));
			try {
				results.add(new H2CrashDrill().run(directory).result());
			}
			catch (Exception ex) {
				results.add(DrillResult.failed(H2CrashDrill.NAME, "kill -9 on H2 under load",
						"nothing acknowledged lost", ex));
			}
			report(results);
		}
		if (only.contains("4")) {
			results.add(new RaceDrill().run(Files.createDirectories(root.resolve("races"))));
			report(results);
		}
		if (only.contains("5")) {
			results.add(new LoadDrill(Integer.getInteger("drill.clients", 50),
					Duration.ofMinutes(Integer.getInteger("drill.minutes", 10)))
				.run(Files.createDirectories(root.resolve("load"))));
			report(results);
		}
		System.out.println();
		System.out.println("Drills, working directory " + root + " (application logs app-<port>.log)");
		System.out.println(DrillTable.markdown(results));
		System.exit(results.stream().allMatch(DrillResult::passed) ? 0 : 1);
	}

	private static void report(List<DrillResult> results) {
		DrillResult last = results.get(results.size() - 1);
		System.out.println(last.drill() + ": " + (last.passed() ? "held" : "DID NOT HOLD") + " — " + last.observed());
	}

}
