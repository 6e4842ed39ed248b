package io.steadyflow.benchmark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Open approval tasks in the task list before the measured phase: a task list with
 * thousands of open tasks is what a busy approver's page has to be fast on.
 */
final class Backlog {

	/** Sequential task-list pages whose latency is printed, after as many unmeasured. */
	private static final int PAGES = 200;

	private Backlog() {
	}

	/**
	 * Starts {@code count} invoices through the engine (not the API, which is not what is
	 * measured here), each waiting for approval by the approvers group, alex's.
	 */
	static void seed(ConfigurableApplicationContext context, int count) throws Exception {
		RuntimeService runtime = context.getBean(RuntimeService.class);
		long begin = System.nanoTime();
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int worker = 0; worker < 2; worker++) {
				workers.add(pool.submit(() -> {
					for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
						Map<String, Object> variables = new LinkedHashMap<>();
						variables.put("vendor", "ACME");
						variables.put("invoiceNumber", "BACKLOG-" + i);
						variables.put("amount", new BigDecimal("2500.00"));
						variables.put("currency", "EUR");
						variables.put("dueDate", "2026-12-31");
						runtime.startProcessInstanceByKey(ApiBenchmark.PROCESS_KEY, "BACKLOG-" + i, variables);
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		// What autovacuum (PostgreSQL) does within a minute or so of such a change:
		// without
		// statistics the planner takes the new tables for nearly empty ones.
		context.getBean(JdbcTemplate.class).execute("ANALYZE");
		long open = context.getBean(TaskService.class).createTaskQuery().taskCandidateGroup("approvers").count();
		System.out.printf("Backlog: %d invoices started in %.1f s; %d approval tasks open%n", count,
				(System.nanoTime() - begin) / 1e9, open);
		if (open < count) {
			throw new IllegalStateException("The backlog left " + open + " open approval tasks, not " + count);
		}
	}

	/** One client alone fetching the first page of alex's task list, again and again. */
	static void printPageLatency(String baseUrl, int backlog) {
		BenchmarkClient warmup = new BenchmarkClient(baseUrl, "");
		for (int i = 0; i < PAGES; i++) {
			warmup.firstPage();
		}
		BenchmarkClient measured = new BenchmarkClient(baseUrl, "");
		for (int i = 0; i < PAGES; i++) {
			measured.firstPage();
		}
		ClientResult result = measured.result();
		Latencies page = result.latencies().get(Operation.LIST);
		System.out.printf(
				"One task-list page (50 of %d+ open tasks, due first), fetched alone %d times: mean %.1f ms, "
						+ "p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d failed%n",
				backlog, page.count(), page.meanMillis(), page.percentileMillis(50), page.percentileMillis(99),
				page.maxMillis(), result.errorCount() + warmup.result().errorCount());
	}

}
