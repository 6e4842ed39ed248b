package io.steadyflow.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.PostgresTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@PostgresTest
class WebhookAndMessagePostgresTest extends WebhookAndMessageScenarios {

	private static final int PAIRS = 50;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.registerPostgres(registry);
	}

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	MessageCorrelation correlation;

	/**
	 * The two interleavings in which neither side sees the other before it commits: the
	 * wait begins, the message is kept and committed, then the wait commits; and the
	 * message is kept, the wait begins and commits, then the message commits. Either way
	 * the instance gets the message after the later commit.
	 */
	@Test
	void aMessageKeptWhileItsWaitBeginsIsDeliveredWhicheverCommitsLast() throws Exception {
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			String waitCommitsLast = "W-" + UUID.randomUUID();
			String[] waiting = new String[1];
			new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
				waiting[0] = this.runtimeService
					.startProcessInstanceByKey("payment-wait", Map.of("orderId", waitCommitsLast))
					.getId();
				Api.Response kept = get(other.submit(() -> this.api.post("clara", "/api/messages", Map.of("name",
						"paymentConfirmed", "correlationKey", waitCommitsLast, "variables", Map.of(), "ttl", "PT5M"))));
				assertThat(kept.status()).as("nobody waits yet, as far as the message can see").isEqualTo(202);
			});
			assertThat(endOfInstance(waiting[0])).isEqualTo("orderPaid");

			String messageCommitsLast = "M-" + UUID.randomUUID();
			String[] started = new String[1];
			new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
				MessageCorrelation.Outcome kept = this.correlation.send("paymentConfirmed", messageCommitsLast,
						Map.of("paidAmount", 7), Duration.ofMinutes(5), "message:paymentConfirmed", "test");
				assertThat(kept.outcome()).isEqualTo("buffered");
				started[0] = get(other.submit(() -> this.runtimeService
					.startProcessInstanceByKey("payment-wait", Map.of("orderId", messageCommitsLast))
					.getId()));
				assertThat(endOfInstance(started[0])).as("the kept message is not committed yet").isNull();
			});
			assertThat(endOfInstance(started[0])).isEqualTo("orderPaid");
			assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(started[0]).count()).isZero();
		}
		finally {
			other.shutdownNow();
		}
	}

	private static <T> T get(Future<T> future) {
		try {
			return future.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A message kept for an instance and the instance's wait begin at the same moment, in
	 * two transactions that cannot see each other before they commit: 50 such pairs at
	 * once, each instance gets its own message, exactly once, and none stays kept.
	 */
	@Test
	void messagesKeptWhileTheirInstancesBeginToWaitAreDeliveredExactlyOnce() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < PAIRS; i++) {
			keys.add("R-" + run + "-" + i);
		}
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2 * PAIRS);
		List<Future<Api.Response>> sent = new ArrayList<>();
		List<Future<String>> started = new ArrayList<>();
		try {
			for (int i = 0; i < PAIRS; i++) {
				String key = keys.get(i);
				int amount = i;
				Callable<Api.Response> send = () -> {
					go.await();
					return this.api.post("clara", "/api/messages", Map.of("name", "paymentConfirmed", "correlationKey",
							key, "variables", Map.of("paidAmount", amount), "ttl", "PT5M"));
				};
				Callable<String> start = () -> {
					go.await();
					return this.runtimeService.startProcessInstanceByKey("payment-wait", Map.of("orderId", key))
						.getId();
				};
				sent.add(threads.submit(send));
				started.add(threads.submit(start));
			}
			go.countDown();
			List<Api.Response> answers = new ArrayList<>();
			for (Future<Api.Response> answer : sent) {
				answers.add(answer.get());
			}
			List<String> instances = new ArrayList<>();
			for (Future<String> instance : started) {
				instances.add(instance.get());
			}
			assertThat(answers).extracting(Api.Response::status).allMatch((status) -> status == 200 || status == 202);
			long kept = answers.stream().filter((answer) -> answer.status() == 202).count();

			await().atMost(Duration.ofSeconds(60))
				.until(() -> instances.stream().allMatch((id) -> "orderPaid".equals(endOfInstance(id))));
			for (int i = 0; i < PAIRS; i++) {
				String instance = instances.get(i);
				assertThat(this.historyService.createHistoricVariableInstanceQuery()
					.processInstanceId(instance)
					.variableName("paidAmount")
					.singleResult()
					.getValue()).as("the message sent for " + keys.get(i)).hasToString(Integer.toString(i));
				assertThat(this.historyService.createHistoricActivityInstanceQuery()
					.processInstanceId(instance)
					.activityId("paymentConfirmed")
					.count()).as("received once").isEqualTo(1);
			}
			String in = String.join(",", keys.stream().map((key) -> "'" + key + "'").toList());
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sf_message_buffer WHERE correlation_key IN (" + in
					+ ") AND delivered_to IS NULL", Long.class))
				.as("none stays kept")
				.isZero();
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sf_message_buffer WHERE correlation_key IN (" + in
					+ ") AND delivered_to IS NOT NULL", Long.class))
				.as("every kept message delivered")
				.isEqualTo(kept);
		}
		finally {
			threads.shutdownNow();
		}
	}

	private String endOfInstance(String instanceId) {
		return this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult()
			.getEndActivityId();
	}

}
