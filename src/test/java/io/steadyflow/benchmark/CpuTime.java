package io.steadyflow.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and by the local PostgreSQL server's processes. Under
 * saturation, throughput moves with everything else on the machine; CPU time per request
 * is what a change in the code changes, and it is steadier from run to run.
 *
 * @param jvmNanos this JVM: the application and, in-process, the load generator
 * @param postgresNanos every process named {@code postgres} (Linux {@code /proc}; 0
 * elsewhere)
 */
record CpuTime(long jvmNanos, long postgresNanos) {

	/** Linux reports process times in clock ticks of 1/100 s on every common platform. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	static CpuTime now() {
		long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		return new CpuTime(jvm, postgresTicks() * NANOS_PER_TICK);
	}

	CpuTime minus(CpuTime earlier) {
		return new CpuTime(this.jvmNanos - earlier.jvmNanos, this.postgresNanos - earlier.postgresNanos);
	}

	private static long postgresTicks() {
		Path proc = Path.of("/proc");
		if (!Files.isDirectory(proc)) {
			return 0;
		}
		try (Stream<Path> processes = Files.list(proc)) {
			return processes.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.mapToLong(CpuTime::postgresTicks)
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** utime + stime of one process when it is a PostgreSQL process, else 0. */
	private static long postgresTicks(Path process) {
		try {
			String stat = Files.readString(process.resolve("stat"));
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			if (open < 0 || close < open || !stat.substring(open + 1, close).equals("postgres")) {
				return 0;
			}
			// after "pid (comm) ": state is field 3; utime and stime are fields 14 and 15
			String[] fields = stat.substring(close + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			// the process ended meanwhile, or is not readable
			return 0;
		}
	}

}
