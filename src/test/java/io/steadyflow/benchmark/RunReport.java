package io.steadyflow.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The figures of one measured run, printed as a table.
 *
 * @param description the database it ran on
 * @param metrics whether Steadyflow's own metrics were on
 * @param settings the run's settings
 * @param measured the measured phase
 * @param drain how long the queued ERP postings took to finish after the last approval;
 * {@code null} when they did not finish
 * @param unfinished instances still running at the end
 * @param failedJobs jobs that failed (waiting for a retry or dead)
 * @param lastStates the state of each client's last instance, read through the API
 */
record RunReport(String description, boolean metrics, ApiBenchmark.Settings settings, ApiBenchmark.Phase measured,
		Duration drain, long unfinished, long failedJobs, List<String> lastStates) {

	boolean clean() {
		return this.measured.errorCount() == 0 && this.unfinished == 0 && this.failedJobs == 0
				&& this.lastStates.stream().allMatch("completed"::equals);
	}

	void print() {
		if (!this.settings.cycles()) {
			printCall();
			return;
		}
		double seconds = this.measured.elapsedNanos() / 1e9;
		Map<Operation, Latencies> latencies = this.measured.merged();
		Latencies requests = new Latencies();
		latencies.forEach((operation, recorded) -> {
			if (operation.request()) {
				requests.add(recorded);
			}
		});
		System.out.printf("Measured: %d clients x %d invoices in %.2f s%n", this.settings.clients(),
				this.settings.iterations(), seconds);
		System.out.printf("%-28s %7s %9s %9s %9s %9s %9s %9s%n", "operation", "count", "per s", "mean ms", "p50 ms",
				"p95 ms", "p99 ms", "max ms");
		for (Operation operation : Operation.values()) {
			if (operation.request()) {
				row(operation.label(), latencies.get(operation), seconds);
			}
		}
		row("all requests", requests, seconds);
		row(Operation.INVOICE.label(), latencies.get(Operation.INVOICE), seconds);
		printCpu(requests.count());
		long pages = this.measured.clients().stream().mapToLong(ClientResult::listRequests).sum();
		System.out.printf("Task-list pages fetched per invoice: %.2f%n",
				(double) pages / Math.max(1, this.measured.invoices()));
		System.out.printf(
				"Async ERP posting: %s; %d instances unfinished, %d failed jobs; last instance per client: %s%n",
				(this.drain != null)
						? String.format("all instances ended %d ms after the last approval", this.drain.toMillis())
						: "instances still running at the end",
				this.unfinished, this.failedJobs, this.lastStates);
		System.out.printf("Failed requests: %d%n", this.measured.errorCount());
		this.measured.clients()
			.stream()
			.flatMap((client) -> client.errorSamples().stream())
			.limit(5)
			.forEach((sample) -> System.out.println("  " + sample));
		if (!clean()) {
			System.out.println("RUN NOT CLEAN: the figures above do not describe a working system.");
		}
	}

	/**
	 * CPU time per request, steadier than throughput from run to run: this JVM (the
	 * application and the load generator in it) and the PostgreSQL server.
	 */
	private void printCpu(long requests) {
		CpuTime cpu = this.measured.cpu();
		if (cpu == null || requests == 0) {
			return;
		}
		System.out.printf(
				"CPU per request: %.2f ms in the JVM (application and load generator), %.2f ms in "
						+ "PostgreSQL; %.2f of %d cores busy%n",
				cpu.jvmNanos() / 1e6 / requests, cpu.postgresNanos() / 1e6 / requests,
				(cpu.jvmNanos() + cpu.postgresNanos()) / (double) this.measured.elapsedNanos(),
				Runtime.getRuntime().availableProcessors());
	}

	/** One call measured alone at saturation. */
	private void printCall() {
		double seconds = this.measured.elapsedNanos() / 1e9;
		Operation operation = this.settings.call().operation();
		System.out.printf("Measured: %d connections sending '%s' back to back for %.1f s%n", this.settings.clients(),
				operation.label(), seconds);
		System.out.printf("%-28s %7s %9s %9s %9s %9s %9s %9s%n", "operation", "count", "per s", "mean ms", "p50 ms",
				"p95 ms", "p99 ms", "max ms");
		row(operation.label(), this.measured.merged().get(operation), seconds);
		printCpu(this.measured.merged().get(operation).count());
		System.out.printf("Failed requests: %d, failed jobs: %d%n", this.measured.errorCount(), this.failedJobs);
		this.measured.clients()
			.stream()
			.flatMap((client) -> client.errorSamples().stream())
			.limit(5)
			.forEach((sample) -> System.out.println("  " + sample));
		if (!clean()) {
			System.out.println("RUN NOT CLEAN: the figures above do not describe a working system.");
		}
	}

	/** All API requests of the measured run (not the invoice as a whole). */
	Latencies requestLatencies() {
		Latencies requests = new Latencies();
		this.measured.merged().forEach((operation, recorded) -> {
			if (operation.request()) {
				requests.add(recorded);
			}
		});
		return requests;
	}

	double requestsPerSecond() {
		return requestLatencies().count() / (this.measured.elapsedNanos() / 1e9);
	}

	double invoicesPerSecond() {
		return this.measured.merged().get(Operation.INVOICE).count() / (this.measured.elapsedNanos() / 1e9);
	}

	String summaryLine() {
		if (!this.settings.cycles()) {
			Operation operation = this.settings.call().operation();
			Latencies call = this.measured.merged().get(operation);
			return String.format("%-60s %6.1f %s/s, p50 %.0f ms, p99 %.0f ms%s", this.description,
					call.count() / (this.measured.elapsedNanos() / 1e9), operation.label(), call.percentileMillis(50),
					call.percentileMillis(99), clean() ? "" : " (NOT CLEAN)");
		}
		Map<Operation, Latencies> latencies = this.measured.merged();
		Latencies invoice = latencies.get(Operation.INVOICE);
		double seconds = this.measured.elapsedNanos() / 1e9;
		return String.format("%-60s %6.1f invoices/s, invoice p50 %.0f ms, p99 %.0f ms%s", this.description,
				invoice.count() / seconds, invoice.percentileMillis(50), invoice.percentileMillis(99),
				clean() ? "" : " (NOT CLEAN)");
	}

	private static void row(String label, Latencies latencies, double seconds) {
		System.out.printf("%-28s %7d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n", label, latencies.count(),
				latencies.count() / seconds, latencies.meanMillis(), latencies.percentileMillis(50),
				latencies.percentileMillis(95), latencies.percentileMillis(99), latencies.maxMillis());
	}

}
