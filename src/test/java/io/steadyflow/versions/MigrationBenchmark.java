package io.steadyflow.versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.steadyflow.support.BenchmarkApplication;
import io.steadyflow.security.Caller;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.impl.jobexecutor.ProcessInstanceMigrationJobHandler;
import org.flowable.engine.migration.ProcessInstanceBatchMigrationResult;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Migration of many running instances on PostgreSQL: starts N instances of a review
 * process (half waiting in the check step, half in the review step), deploys a version 2
 * that adds a boundary timer to the review, then times the dry run (every instance
 * validated by Flowable's migration service) and the executed batch migration, run by the
 * application's own job executor with its configured threads, until every batch part is
 * done; then checks that every instance is on version 2 (exit code 1 when not, or when a
 * part's job became a dead-letter job and would never be done).
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.steadyflow.versions.MigrationBenchmark
 * </pre>
 *
 * The database is {@code steadyflow_bench_migration} on 127.0.0.1:5432 (user postgres),
 * recreated on every run; {@code STEADYFLOW_BENCH_PG_DATABASE} names another. The first
 * argument is the number of instances (default 10000).
 */
public final class MigrationBenchmark {

	static final String KEY = "migration-bench";

	private MigrationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int instances = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		String name = System.getenv().getOrDefault("STEADYFLOW_BENCH_PG_DATABASE", "steadyflow_bench_migration");
		String url = BenchmarkApplication.freshPostgres(name);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "postgres,demo");
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "");
		properties.put("server.port", "0");
		properties.put("steadyflow.ai.warm-up", "false");
		properties.put("logging.level.root", "WARN");
		ConfigurableApplicationContext context = BenchmarkApplication.start(properties);
		List<String> lines = new ArrayList<>();
		boolean complete = false;
		try {
			RepositoryService repository = context.getBean(RepositoryService.class);
			RuntimeService runtime = context.getBean(RuntimeService.class);
			TaskService tasks = context.getBean(TaskService.class);
			ManagementService management = context.getBean(ManagementService.class);
			Migrations migrations = context.getBean(Migrations.class);
			repository.createDeployment().addString(KEY + ".bpmn20.xml", VersionFixtures.base(KEY)).name(KEY).deploy();

			long started = System.nanoTime();
			seed(runtime, tasks, instances);
			lines.add(String.format("started %,d instances (half in check, half in review) in %.1f s", instances,
					(System.nanoTime() - started) / 1e9));
			repository.createDeployment()
				.addString(KEY + ".bpmn20.xml", VersionFixtures.withBoundaryTimer(KEY))
				.name(KEY)
				.deploy();

			Caller admin = new Caller("admin", List.of(), Set.of("admin"));
			started = System.nanoTime();
			MigrationReport dryRun = migrations.request(KEY, new MigrationRequest(1, 2, Map.of(), true), admin);
			double dryRunSeconds = (System.nanoTime() - started) / 1e9;
			lines.add(String.format("dry run: %,d of %,d can move, validated in %.1f s (%,.0f instances/s)",
					dryRun.canMove(), dryRun.instances(), dryRunSeconds, dryRun.instances() / dryRunSeconds));

			started = System.nanoTime();
			MigrationReport execution = migrations.request(KEY, new MigrationRequest(1, 2, Map.of(), false), admin);
			double createdSeconds = (System.nanoTime() - started) / 1e9;
			long waiting;
			long jobsLeft;
			do {
				Thread.sleep(200);
				waiting = management.createBatchPartQuery()
					.batchId(execution.id())
					.status(ProcessInstanceBatchMigrationResult.STATUS_WAITING)
					.count();
				jobsLeft = management.createJobQuery().handlerType(ProcessInstanceMigrationJobHandler.TYPE).count()
						+ management.createTimerJobQuery().handlerType(ProcessInstanceMigrationJobHandler.TYPE).count();
			}
			// a part whose job became a dead-letter job would wait for ever
			while (waiting > 0 && jobsLeft > 0);
			double seconds = (System.nanoTime() - started) / 1e9;
			long deadLetters = management.createDeadLetterJobQuery()
				.handlerType(ProcessInstanceMigrationJobHandler.TYPE)
				.count();
			MigrationReport done = migrations.get(KEY, execution.id(), admin);
			long onVersion2 = runtime.createProcessInstanceQuery()
				.processDefinitionId(repository.createProcessDefinitionQuery()
					.processDefinitionKey(KEY)
					.processDefinitionVersion(2)
					.singleResult()
					.getId())
				.count();
			lines.add(String.format(
					"migration: %,d instances in %.1f s (%,.0f instances/s; batch created in %.1f s), %,d moved, %,d failed, %,d on version 2, %,d parts stuck (%,d dead-letter jobs)",
					done.instances(), seconds, done.instances() / seconds, createdSeconds, done.canMove(),
					done.cannotMove(), onVersion2, waiting, deadLetters));
			complete = onVersion2 == instances && waiting == 0 && deadLetters == 0;
		}
		finally {
			context.close();
		}
		System.out.println();
		System.out.println("== Migration on PostgreSQL, " + Runtime.getRuntime().availableProcessors() + " cores ==");
		lines.forEach(System.out::println);
		if (!complete) {
			System.out.println("NOT every instance moved: see the counts above");
		}
		System.exit(complete ? 0 : 1);
	}

	private static void seed(RuntimeService runtime, TaskService tasks, int instances) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < instances; i++) {
			boolean pastCheck = (i % 2 == 0);
			futures.add(pool.submit(() -> {
				String id = runtime.startProcessInstanceByKey(KEY, Map.of("path", "review")).getId();
				if (pastCheck) {
					tasks.complete(tasks.createTaskQuery().processInstanceId(id).singleResult().getId());
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
	}

}
