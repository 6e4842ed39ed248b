package io.steadyflow.web;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.steadyflow.SteadyflowApplication;
import io.steadyflow.security.ConfiguredUsers;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Server time to render the inbox's first page with 10,000 open tasks offered to the
 * user's group, on H2 and on PostgreSQL: the whole request through security, the task
 * query, the count and the Thymeleaf page, after a warm-up.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.steadyflow.web.InboxBenchmark \
 *     -Dexec.args="both 10000"
 * </pre>
 *
 * The first argument is h2, postgres or both; the second the number of open tasks; a
 * third, {@code fresh}, recreates the PostgreSQL database. PostgreSQL: a database
 * {@code <STEADYFLOW_TEST_PG_DATABASE>_inbox} on 127.0.0.1:5432 (user postgres), reused
 * from an earlier run unless {@code fresh} (then only missing tasks are created).
 */
public final class InboxBenchmark {

	static final int WARMUP = 30;

	static final int MEASURED = 200;

	private InboxBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String databases = (args.length > 0) ? args[0] : "both";
		int tasks = (args.length > 1) ? Integer.parseInt(args[1]) : 10_000;
		List<String> lines = new ArrayList<>();
		if (!"postgres".equals(databases)) {
			lines.addAll(run("H2", h2(), tasks));
		}
		if (!"h2".equals(databases)) {
			lines.addAll(run("PostgreSQL", postgres(args.length > 2 && "fresh".equals(args[2])), tasks));
		}
		System.out.println();
		System.out.println("== Inbox with " + tasks + " open tasks offered to the user's group ==");
		lines.forEach(System.out::println);
		System.exit(0);
	}

	private static Map<String, String> h2() throws Exception {
		Path directory = Files.createTempDirectory("steadyflow-inbox-h2");
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url",
				"jdbc:h2:file:" + directory.resolve("steadyflow") + ";AUTO_SERVER=FALSE");
		return properties;
	}

	/**
	 * A database left by an earlier run is reused (only the missing tasks are created),
	 * unless the third argument is {@code fresh}.
	 */
	private static Map<String, String> postgres(boolean fresh) throws Exception {
		String name = System.getenv().getOrDefault("STEADYFLOW_TEST_PG_DATABASE", "steadyflow_test") + "_inbox";
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
				"postgres", ""); Statement statement = connection.createStatement()) {
			boolean exists;
			try (var result = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
				exists = result.next();
			}
			if (fresh || !exists) {
				statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
				statement.execute("CREATE DATABASE " + name);
			}
		}
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "postgres,demo");
		properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + name);
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "");
		return properties;
	}

	private static List<String> run(String database, Map<String, String> properties, int tasks) throws Exception {
		properties.put("server.port", "0");
		properties.put("flowable.async-executor-activate", "false");
		properties.put("logging.level.root", "WARN");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SteadyflowApplication.class)
			.profiles("demo")
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
		try {
			long started = System.nanoTime();
			TaskService taskService = context.getBean(TaskService.class);
			long existing = taskService.createTaskQuery().taskCandidateGroup("approvers").count();
			createTasks(context.getBean(RuntimeService.class),
					new TransactionTemplate(
							context.getBean(org.springframework.transaction.PlatformTransactionManager.class)),
					(int) existing, tasks);
			long open = taskService.createTaskQuery().taskCandidateGroup("approvers").count();
			System.out.printf("%s: %d open approval tasks created in %.1f s%n", database, open,
					(System.nanoTime() - started) / 1e9);

			MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
				.apply(springSecurity())
				.build();
			var amir = SecurityMockMvcRequestPostProcessors
				.user(context.getBean(ConfiguredUsers.class).loadUserByUsername("amir"));
			List<String> lines = new ArrayList<>();
			for (String path : List.of("/tasks", "/tasks?sort=priority",
					"/tasks?process=invoice-approval&scope=offered", "/tasks?page=200")) {
				lines.add(String.format("%-10s %-45s %s", database, path, measure(mvc, get(path).with(amir))));
			}
			return lines;
		}
		finally {
			context.close();
		}
	}

	/** In transactions of 100 instances each: the commits, not the inserts, cost most. */
	private static void createTasks(RuntimeService runtimeService, TransactionTemplate transactions, int existing,
			int count) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		AtomicInteger next = new AtomicInteger(existing);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 2; t++) {
			futures.add(pool.submit(() -> {
				for (int batch = next.getAndAdd(100); batch < count; batch = next.getAndAdd(100)) {
					int from = batch;
					transactions
						.executeWithoutResult((status) -> start(runtimeService, from, Math.min(from + 100, count)));
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
	}

	private static void start(RuntimeService runtimeService, int from, int to) {
		for (int i = from; i < to; i++) {
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("vendor", "Vendor " + (i % 97));
			variables.put("invoiceNumber", "INBOX-" + i);
			variables.put("amount", new BigDecimal(1000 + (i % 5000)));
			variables.put("currency", "EUR");
			variables.put("dueDate", LocalDate.of(2027, 1, 1).plusDays(i % 60));
			runtimeService.startProcessInstanceByKey("invoice-approval", "INBOX-" + i, variables);
		}
	}

	private static String measure(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
		for (int i = 0; i < WARMUP; i++) {
			check(mvc.perform(request).andReturn());
		}
		long[] nanos = new long[MEASURED];
		for (int i = 0; i < MEASURED; i++) {
			long started = System.nanoTime();
			check(mvc.perform(request).andReturn());
			nanos[i] = System.nanoTime() - started;
		}
		java.util.Arrays.sort(nanos);
		return String.format("median %6.1f ms   p95 %6.1f ms   max %6.1f ms", nanos[MEASURED / 2] / 1e6,
				nanos[(int) (MEASURED * 0.95)] / 1e6, nanos[MEASURED - 1] / 1e6);
	}

	private static void check(MvcResult result) throws Exception {
		if (result.getResponse().getStatus() != 200 || !result.getResponse().getContentAsString().contains("tasks")) {
			throw new IllegalStateException("The inbox answered " + result.getResponse().getStatus());
		}
	}

}
