package io.steadyflow.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.SteadyflowApplication;
import io.steadyflow.support.IsolationProcesses;
import io.steadyflow.support.TestSystem;
import io.steadyflow.support.TestSystem.Answer;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The figures of the tools (docs/tools.md):
 * <ol>
 * <li>the median overhead of the {@code http} tool over a bare JDK HttpClient call to the
 * same local server (an instance whose one step is the tool, minus the same instance with
 * a step that does nothing, minus the bare call);</li>
 * <li>the time for N healthy asynchronous instances to finish while N failing ones are
 * retrying, against the same N healthy ones alone (goal: less than 2x).</li>
 * </ol>
 * Run:
 * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.steadyflow.benchmark.ToolsBenchmark}
 * (system properties {@code bench.calls}, default 1000, and {@code bench.instances},
 * default 1000). Embedded H2 in memory, async executor on, this machine's cores.
 */
public final class ToolsBenchmark {

	static final String TOOL_PROCESS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
			             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
			             targetNamespace="urn:steadyflow:bench">
			  <process id="%1$s" name="Bench %1$s" isExecutable="true" sf:owner="bench-team"
			           sf:doneWhen="The value is read">
			    <startEvent id="asked" name="Asked"/>
			    <sequenceFlow id="toRead" sourceRef="asked" targetRef="readValue"/>
			    <serviceTask id="readValue" name="Read value" %2$s>
			      <extensionElements>
			        <flowable:field name="method" stringValue="GET"/>
			        <flowable:field name="url" expression="${baseUrl}/value"/>
			        <flowable:field name="responseMapping" stringValue="value=/value"/>
			      </extensionElements>
			    </serviceTask>
			    <boundaryEvent id="readFailed" name="Read failed" attachedToRef="readValue">
			      <errorEventDefinition/>
			    </boundaryEvent>
			    <sequenceFlow id="toFailed" sourceRef="readFailed" targetRef="valueMissing"/>
			    <endEvent sf:outcome="done" id="valueMissing" name="Value missing"/>
			    <sequenceFlow id="toRead2" sourceRef="readValue" targetRef="valueRead"/>
			    <endEvent sf:outcome="done" id="valueRead" name="Value read"/>
			  </process>
			</definitions>
			""";

	private ToolsBenchmark() {
	}

	public static void main(String[] args) {
		int status;
		try {
			run(Integer.getInteger("bench.calls", 1000), Integer.getInteger("bench.instances", 1000));
			status = 0;
		}
		catch (Exception ex) {
			System.err.println("Benchmark failed: " + ex);
			ex.printStackTrace();
			status = 2;
		}
		// The engine's and the servers' threads must not keep the JVM alive.
		System.exit(status);
	}

	private static void run(int calls, int instances) throws Exception {
		// Without TCP_NODELAY the JDK's server sends headers and body in two segments and
		// back-to-back requests wait 40 ms for a delayed ACK: that would be measured, not
		// the client.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		TestSystem system = new TestSystem("bench");
		system.alwaysAnswer("/value", Answer.ok("{\"value\":42}"));
		system.alwaysAnswer("/ok", Answer.ok("{}"));
		system.alwaysAnswer("/fail", Answer.status(500));
		System.out.printf("Steadyflow tools benchmark: %d calls, %d + %d instances, %d cores, H2 in memory%n", calls,
				instances, instances, Runtime.getRuntime().availableProcessors());
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SteadyflowApplication.class)
			.profiles("demo")
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:steadyflow-tools-bench;DB_CLOSE_DELAY=-1",
					"--flowable.async-executor-activate=true", "--logging.level.root=WARN",
					"--logging.level.org.flowable=OFF", "--logging.level.io.steadyflow=ERROR");
		try {
			RepositoryService repository = context.getBean(RepositoryService.class);
			repository.createDeployment()
				.addString("bench-tool.bpmn20.xml",
						TOOL_PROCESS.formatted("bench-tool", "flowable:delegateExpression=\"${httpTool}\""))
				.addString("bench-noop.bpmn20.xml",
						TOOL_PROCESS.formatted("bench-noop", "flowable:expression=\"${true}\""))
				.addString("failing-sync.bpmn20.xml", IsolationProcesses.failing("R1000/PT1S"))
				.addString("healthy-sync.bpmn20.xml", IsolationProcesses.healthy())
				.deploy();
			overhead(context, system, calls);
			if (!Boolean.getBoolean("bench.skipIsolation")) {
				isolation(context, system, instances);
			}
		}
		finally {
			context.close();
		}
	}

	private static void overhead(ConfigurableApplicationContext context, TestSystem system, int calls)
			throws Exception {
		RuntimeService runtime = context.getBean(RuntimeService.class);
		// Built like the tool's own client, so that only the tool's work differs.
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		ObjectMapper json = new ObjectMapper();
		URI uri = URI.create(system.baseUrl() + "/value");
		Map<String, Object> variables = Map.of("baseUrl", system.baseUrl());
		long[] bareSync = new long[calls];
		long[] bare = new long[calls];
		long[] tool = new long[calls];
		long[] noop = new long[calls];
		for (int round = 0; round < 2; round++) {
			// round 0 warms up the JIT, the connection pools and the engine's caches;
			// each
			// kind runs in a loop of its own so that every client reuses a warm
			// connection
			for (int i = 0; i < calls; i++) {
				HttpRequest request = HttpRequest.newBuilder(uri)
					.timeout(Duration.ofSeconds(10))
					.header("Accept", "application/json")
					.header("Idempotency-Key", "bench:" + i)
					.method("GET", HttpRequest.BodyPublishers.noBody())
					.build();
				long started = System.nanoTime();
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				json.readTree(response.body()).at("/value").intValue();
				bareSync[i] = System.nanoTime() - started;
			}
			for (int i = 0; i < calls; i++) {
				HttpRequest request = HttpRequest.newBuilder(uri)
					.timeout(Duration.ofSeconds(10))
					.header("Accept", "application/json")
					.header("Idempotency-Key", "bench:" + i)
					.method("GET", HttpRequest.BodyPublishers.noBody())
					.build();
				long started = System.nanoTime();
				HttpResponse<String> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get();
				json.readTree(response.body()).at("/value").intValue();
				bare[i] = System.nanoTime() - started;
			}
			for (int i = 0; i < calls; i++) {
				long started = System.nanoTime();
				runtime.startProcessInstanceByKey("bench-tool", variables);
				tool[i] = System.nanoTime() - started;
			}
			for (int i = 0; i < calls; i++) {
				long started = System.nanoTime();
				runtime.startProcessInstanceByKey("bench-noop", variables);
				noop[i] = System.nanoTime() - started;
			}
		}
		// The tool waits on sendAsync (for a deadline over the whole answer); the fairer
		// of
		// the two bare calls is the reference.
		double bareMedian = Math.min(median(bare), median(bareSync));
		double toolStep = median(tool) - median(noop);
		System.out.println();
		System.out.println("== http tool overhead ==");
		System.out.printf("bare JDK HttpClient send() + JSON, median:  %.3f ms%n", median(bareSync) / 1e6);
		System.out.printf("bare sendAsync().get() + JSON, median:      %.3f ms%n", median(bare) / 1e6);
		System.out.printf("instance with the http tool step, median:   %.3f ms%n", median(tool) / 1e6);
		System.out.printf("same instance with a no-op step, median:    %.3f ms%n", median(noop) / 1e6);
		System.out.printf("http tool step (difference), median:        %.3f ms%n", toolStep / 1e6);
		System.out.printf("overhead of the tool over the faster bare call: %.3f ms%n", (toolStep - bareMedian) / 1e6);
	}

	private static void isolation(ConfigurableApplicationContext context, TestSystem system, int instances) {
		RuntimeService runtime = context.getBean(RuntimeService.class);
		HistoryService history = context.getBean(HistoryService.class);
		System.out.println();
		System.out.println("== healthy async instances, alone and beside failing ones ==");
		double alone = healthyRun(runtime, history, system, instances, 0);
		System.out.printf("%d healthy instances alone:                    %.1f s%n", instances, alone);
		for (int i = 0; i < instances; i++) {
			runtime.startProcessInstanceByKey(IsolationProcesses.FAILING,
					Map.of("baseUrl", system.baseUrl(), "recordId", "failing-" + i));
		}
		double beside = healthyRun(runtime, history, system, instances, instances);
		long failedCalls = system.received().stream().filter((request) -> request.path().equals("/fail")).count();
		System.out.printf("%d healthy instances while %d fail and retry: %.1f s (%d failing calls meanwhile)%n",
				instances, instances, beside, failedCalls);
		System.out.printf("ratio: %.2fx (goal: less than 2x)%n", beside / alone);
	}

	/** Starts the healthy instances and waits until they have all finished. */
	private static double healthyRun(RuntimeService runtime, HistoryService history, TestSystem system, int count,
			int alreadyFinished) {
		long started = System.nanoTime();
		for (int i = 0; i < count; i++) {
			runtime.startProcessInstanceByKey(IsolationProcesses.HEALTHY,
					Map.of("baseUrl", system.baseUrl(), "recordId", "healthy-" + alreadyFinished + "-" + i));
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (history.createHistoricProcessInstanceQuery()
			.processDefinitionKey(IsolationProcesses.HEALTHY)
			.finished()
			.count() < alreadyFinished + count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("healthy instances did not finish within 10 minutes");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return (System.nanoTime() - started) / 1e9;
	}

	private static double median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
