package io.steadyflow.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.steadyflow.support.BenchmarkApplication;
import io.steadyflow.security.ConfiguredUsers;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The owner's view over a large history on PostgreSQL: seeds 100,000 ended instances of
 * the deployed invoice-approval process over the last 90 days, with 1,000,000 historic
 * activities (ten per instance, sequence flows included, as Flowable's full history
 * records them), 100,000 historic approval tasks and 100,000 outcome rows, by JDBC
 * batches that the driver rewrites into multi-row INSERTs; then times the whole request
 * (security, queries, JSON or Thymeleaf) of
 * {@code GET /api/processes/invoice-approval/stats}, {@code /processes/invoice-approval}
 * and {@code /processes} (the default period: the last 30 days, about a third of the
 * history) as fiona, the process's owner.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.steadyflow.benchmark.OwnerViewBenchmark
 * </pre>
 *
 * The database is {@code steadyflow_bench_owner} on 127.0.0.1:5432 (user postgres),
 * recreated on every run; {@code STEADYFLOW_BENCH_PG_DATABASE} names another. The first
 * argument is the number of instances (default 100000).
 */
public final class OwnerViewBenchmark {

	static final int WARMUP = 5;

	static final int MEASURED = 30;

	static final int BATCH = 5_000;

	static final String KEY = "invoice-approval";

	/** One path through the diagram: ten activities, the last two by outcome. */
	record Step(String id, String name, String type) {
	}

	static final List<Step> START = List.of(new Step("invoiceReceived", "Invoice received", "startEvent"),
			new Step("toDocumentAttached", null, "sequenceFlow"),
			new Step("documentAttached", "Invoice document attached?", "exclusiveGateway"),
			new Step("validateInvoice", "Validate invoice data", "serviceTask"),
			new Step("amountCheck", "Approval needed?", "exclusiveGateway"),
			new Step("approveInvoice", "Approve invoice", "userTask"),
			new Step("toApprovalDecision", null, "sequenceFlow"),
			new Step("approvalDecision", "Approved?", "exclusiveGateway"));

	private OwnerViewBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int instances = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		String name = System.getenv().getOrDefault("STEADYFLOW_BENCH_PG_DATABASE", "steadyflow_bench_owner");
		String url = BenchmarkApplication.freshPostgres(name);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "postgres,demo");
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "");
		properties.put("server.port", "0");
		properties.put("flowable.async-executor-activate", "false");
		properties.put("steadyflow.ai.warm-up", "false");
		properties.put("logging.level.root", "WARN");
		ConfigurableApplicationContext context = BenchmarkApplication.start(properties);
		List<String> lines = new ArrayList<>();
		try {
			ProcessDefinition definition = context.getBean(RepositoryService.class)
				.createProcessDefinitionQuery()
				.processDefinitionKey(KEY)
				.latestVersion()
				.singleResult();
			long started = System.nanoTime();
			long[] rows = seed(url + "?reWriteBatchedInserts=true", definition, instances);
			double seconds = (System.nanoTime() - started) / 1e9;
			lines.add(String.format("seeded %,d instances, %,d activities, %,d tasks, %,d outcomes in %.1f s", rows[0],
					rows[1], rows[2], rows[3], seconds));

			MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
				.apply(springSecurity())
				.build();
			var fiona = user(context.getBean(ConfiguredUsers.class).loadUserByUsername("fiona"));
			for (String path : List.of("/api/processes/" + KEY + "/stats", "/processes/" + KEY, "/processes",
					"/api/processes/" + KEY + "/stats?from=" + java.time.LocalDate.now().minusDays(89))) {
				lines.add(String.format("%-62s %s", path, measure(mvc, get(path).with(fiona))));
			}
		}
		finally {
			context.close();
		}
		System.out.println();
		System.out
			.println("== Owner's view on PostgreSQL, " + Runtime.getRuntime().availableProcessors() + " cores ==");
		lines.forEach(System.out::println);
		System.exit(0);
	}

	/**
	 * @return instances, activities, tasks and outcome rows written
	 */
	static long[] seed(String url, ProcessDefinition definition, int instances) throws Exception {
		Random random = new Random(42);
		Instant now = Instant.now();
		long[] rows = new long[4];
		try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement procinst = connection.prepareStatement("""
					INSERT INTO act_hi_procinst (id_, rev_, proc_inst_id_, business_key_, proc_def_id_, start_time_,
					    end_time_, duration_, start_act_id_, end_act_id_, tenant_id_)
					VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'invoiceReceived', ?, '')""");
					PreparedStatement actinst = connection.prepareStatement("""
							INSERT INTO act_hi_actinst (id_, rev_, proc_def_id_, proc_inst_id_, execution_id_, act_id_,
							    act_name_, act_type_, start_time_, end_time_, transaction_order_, duration_, tenant_id_)
							VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')""");
					PreparedStatement taskinst = connection.prepareStatement("""
							INSERT INTO act_hi_taskinst (id_, rev_, proc_def_id_, task_def_key_, proc_inst_id_,
							    execution_id_, name_, priority_, start_time_, end_time_, duration_, tenant_id_)
							VALUES (?, 1, ?, 'approveInvoice', ?, ?, 'Approve invoice', 50, ?, ?, ?, '')""");
					PreparedStatement outcome = connection.prepareStatement("""
							INSERT INTO sf_instance_outcome (process_instance_id, process_definition_id,
							    process_definition_key, process_definition_version, end_activity_id, end_activity_name,
							    outcome, started_at, ended_at, duration_ms)
							VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
				for (int i = 0; i < instances; i++) {
					String id = "bench-" + i;
					Instant start = now.minus(Duration.ofSeconds(60 + random.nextInt(90 * 24 * 3600)));
					int roll = random.nextInt(100);
					List<Step> path = new ArrayList<>(START);
					String outcomeClass;
					if (roll < 85) {
						path.add(new Step("postToErp", "Post to ERP", "serviceTask"));
						path.add(new Step("invoicePosted", "Invoice posted", "endEvent"));
						outcomeClass = "done";
					}
					else if (roll < 95) {
						path.add(new Step("toRejected", null, "sequenceFlow"));
						path.add(new Step("invoiceRejected", "Invoice rejected", "endEvent"));
						outcomeClass = "rejected";
					}
					else {
						path.add(new Step("escalateApproval", "Offer approval to finance leads", "serviceTask"));
						path.add(new Step("approvalEscalated", "Approval escalated", "endEvent"));
						outcomeClass = "escalated";
					}
					Instant at = start;
					int order = 1;
					for (Step step : path) {
						long ms = switch (step.type()) {
							case "userTask" -> 600_000L + (long) (random.nextDouble() * 3 * 86_400_000L);
							case "serviceTask" -> 50 + random.nextInt(2_000);
							default -> 0;
						};
						Instant end = at.plusMillis(ms);
						actinst.setString(1, id + "-" + order);
						actinst.setString(2, definition.getId());
						actinst.setString(3, id);
						actinst.setString(4, id);
						actinst.setString(5, step.id());
						actinst.setString(6, step.name());
						actinst.setString(7, step.type());
						actinst.setTimestamp(8, Timestamp.from(at));
						actinst.setTimestamp(9, Timestamp.from(end));
						actinst.setInt(10, order);
						actinst.setLong(11, ms);
						actinst.addBatch();
						rows[1]++;
						if ("userTask".equals(step.type())) {
							taskinst.setString(1, id + "-task");
							taskinst.setString(2, definition.getId());
							taskinst.setString(3, id);
							taskinst.setString(4, id);
							taskinst.setTimestamp(5, Timestamp.from(at));
							taskinst.setTimestamp(6, Timestamp.from(end));
							taskinst.setLong(7, ms);
							taskinst.addBatch();
							rows[2]++;
						}
						at = end;
						order++;
					}
					Step last = path.get(path.size() - 1);
					long duration = Duration.between(start, at).toMillis();
					procinst.setString(1, id);
					procinst.setString(2, id);
					procinst.setString(3, "BENCH-" + i);
					procinst.setString(4, definition.getId());
					procinst.setTimestamp(5, Timestamp.from(start));
					procinst.setTimestamp(6, Timestamp.from(at));
					procinst.setLong(7, duration);
					procinst.setString(8, last.id());
					procinst.addBatch();
					rows[0]++;
					outcome.setString(1, id);
					outcome.setString(2, definition.getId());
					outcome.setString(3, KEY);
					outcome.setInt(4, definition.getVersion());
					outcome.setString(5, last.id());
					outcome.setString(6, last.name());
					outcome.setString(7, outcomeClass);
					outcome.setTimestamp(8, Timestamp.from(start));
					outcome.setTimestamp(9, Timestamp.from(at));
					outcome.setLong(10, duration);
					outcome.addBatch();
					rows[3]++;
					if ((i + 1) % (BATCH / 10) == 0) {
						procinst.executeBatch();
						actinst.executeBatch();
						taskinst.executeBatch();
						outcome.executeBatch();
						connection.commit();
					}
				}
				procinst.executeBatch();
				actinst.executeBatch();
				taskinst.executeBatch();
				outcome.executeBatch();
				connection.commit();
			}
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				// as autovacuum would after a bulk load: statistics for the planner, and
				// the
				// visibility map that lets index-only scans skip the table
				statement
					.execute("VACUUM ANALYZE act_hi_procinst, act_hi_actinst, act_hi_taskinst, sf_instance_outcome");
			}
		}
		return rows;
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
		Arrays.sort(nanos);
		return String.format("median %6.1f ms   p95 %6.1f ms   max %6.1f ms", nanos[MEASURED / 2] / 1e6,
				nanos[(int) (MEASURED * 0.95)] / 1e6, nanos[MEASURED - 1] / 1e6);
	}

	private static void check(MvcResult result) throws Exception {
		if (result.getResponse().getStatus() != 200) {
			throw new IllegalStateException(
					"Answered " + result.getResponse().getStatus() + ": " + result.getResponse().getContentAsString());
		}
	}

}
