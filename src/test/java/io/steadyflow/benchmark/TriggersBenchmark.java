package io.steadyflow.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.steadyflow.support.BenchmarkApplication;
import io.steadyflow.support.TestWebhook;
import org.HdrHistogram.ConcurrentHistogram;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Triggers on PostgreSQL (database {@code steadyflow_bench_triggers}, or
 * {@code STEADYFLOW_BENCH_PG_DATABASE}, recreated) and the local RabbitMQ: signed webhook
 * starts per second and their latency at 20 concurrent senders, every delivery sent twice
 * (the repeat must start nothing); then broker messages per second into started
 * instances, every message published twice. Prints the figures and the duplicate rate
 * (instances beyond one per delivery id, must be 0).
 * <p>
 * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.steadyflow.benchmark.TriggersBenchmark -Dexec.args="2000 2000"}
 */
public final class TriggersBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(TriggersBenchmark.class);

	private static final String HOOK = "test-hook";

	private static final int SENDERS = 20;

	private TriggersBenchmark() {
	}

	static String diagram(String key, String trigger) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:bench">
				  <process id="%1$s" name="Bench %1$s" isExecutable="true" sf:owner="bench" sf:doneWhen="Reviewed">
				    <startEvent id="received" name="Order received" %2$s sf:map="orderId=$.order.id"/>
				    <sequenceFlow id="toReview" sourceRef="received" targetRef="review"/>
				    <userTask id="review" name="Review" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
				    <sequenceFlow id="toDone" sourceRef="review" targetRef="reviewed"/>
				    <endEvent id="reviewed" name="Reviewed" sf:outcome="done"/>
				  </process>
				</definitions>
				""".formatted(key, trigger);
	}

	public static void main(String[] args) throws Exception {
		int deliveries = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		int messages = (args.length > 1) ? Integer.parseInt(args[1]) : 2000;
		String name = System.getenv().getOrDefault("STEADYFLOW_BENCH_PG_DATABASE", "steadyflow_bench_triggers");
		String url = BenchmarkApplication.freshPostgres(name);
		String queue = "steadyflow-bench-" + UUID.randomUUID();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "postgres,demo");
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "");
		properties.put("server.port", "0");
		properties.put("flowable.async-executor-activate", "false");
		properties.put("steadyflow.ai.warm-up", "false");
		properties.put("steadyflow.webhooks." + HOOK + ".secret", TestWebhook.SECRET);
		properties.put("spring.rabbitmq.host", "127.0.0.1");
		properties.put("steadyflow.triggers.queue-refresh", "500ms");
		properties.put("logging.level.root", "WARN");
		ConfigurableApplicationContext context = BenchmarkApplication.start(properties);
		List<String> lines = new ArrayList<>();
		try {
			RepositoryService repository = context.getBean(RepositoryService.class);
			repository.createDeployment()
				.addString("bench-hook.bpmn20.xml", diagram("bench-hook", "sf:webhook=\"" + HOOK + "\""))
				.addString("bench-queue.bpmn20.xml", diagram("bench-queue", "sf:queue=\"" + queue + "\""))
				.deploy();
			HistoryService history = context.getBean(HistoryService.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			lines.add(webhooks(new TestWebhook(port), history, deliveries));
			lines.add(queue(context, history, queue, messages));
			new RabbitAdmin(context.getBean(CachingConnectionFactory.class)).deleteQueue(queue);
			new RabbitAdmin(context.getBean(CachingConnectionFactory.class)).deleteQueue(queue + ".dead");
		}
		finally {
			context.close();
		}
		lines.forEach(logger::warn);
	}

	private static String webhooks(TestWebhook hooks, HistoryService history, int deliveries) throws Exception {
		ConcurrentHistogram latencies = new ConcurrentHistogram(3);
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		long started = System.nanoTime();
		List<Future<?>> done = new ArrayList<>();
		for (int s = 0; s < SENDERS; s++) {
			done.add(senders.submit(() -> {
				for (int i = next.getAndIncrement(); i < deliveries; i = next.getAndIncrement()) {
					String body = "{\"order\": {\"id\": \"B-" + i + "\"}}";
					for (int attempt = 0; attempt < 2; attempt++) {
						long t0 = System.nanoTime();
						TestWebhook.Answer answer = hooks.send(HOOK, body, "bench-" + i,
								TestWebhook.signature(TestWebhook.SECRET, Instant.now(), body));
						latencies.recordValue((System.nanoTime() - t0) / 1000);
						if (answer.status() != 202) {
							failures.incrementAndGet();
						}
					}
				}
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		senders.shutdown();
		double seconds = (System.nanoTime() - started) / 1e9;
		long instances = history.createHistoricProcessInstanceQuery().processDefinitionKey("bench-hook").count();
		return String.format(
				"webhooks: %d deliveries sent twice by %d senders in %.1f s: %.0f starts/s, %.0f requests/s, "
						+ "p50 %.1f ms, p99 %.1f ms; non-202 %d; instances %d, duplicate rate %.4f",
				deliveries, SENDERS, seconds, deliveries / seconds, 2 * deliveries / seconds,
				latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
				failures.get(), instances, (instances - deliveries) / (double) deliveries);
	}

	private static String queue(ConfigurableApplicationContext context, HistoryService history, String queue,
			int messages) throws InterruptedException {
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (new RabbitAdmin(context.getBean(CachingConnectionFactory.class)).getQueueInfo(queue) == null
				&& System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		long started = System.nanoTime();
		for (int i = 0; i < messages; i++) {
			MessageProperties properties = new MessageProperties();
			properties.setMessageId("bench-" + i);
			byte[] body = ("{\"order\": {\"id\": \"Q-" + i + "\"}}").getBytes(StandardCharsets.UTF_8);
			rabbit.send("", queue, new Message(body, properties));
			rabbit.send("", queue, new Message(body, properties));
		}
		long instances = 0;
		deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			instances = history.createHistoricProcessInstanceQuery().processDefinitionKey("bench-queue").count();
			Integer left = new RabbitAdmin(context.getBean(CachingConnectionFactory.class)).getQueueInfo(queue)
				.getMessageCount();
			if (instances >= messages && left == 0) {
				break;
			}
			Thread.sleep(50);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		return String.format(
				"queue: %d messages published twice in %.1f s: %.0f messages/s into started instances; "
						+ "instances %d, duplicate rate %.4f",
				messages, seconds, instances / seconds, instances, (instances - messages) / (double) messages);
	}

}
