package io.steadyflow.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.TestBpmn;
import io.steadyflow.support.TestWebhook;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Messages to instances that wait (correlation, not start): a receive task with a
 * {@code messageRef}, a message catch event resumed by a signed webhook and one resumed
 * by a RabbitMQ queue. Each delivery moves its instance on once; a repeat moves nothing.
 * The application has an in-memory database of its own, so that no other test's
 * application listens to the test's queue.
 */
@H2Test
@TestPropertySource(properties = { "spring.rabbitmq.host=127.0.0.1", "steadyflow.triggers.queue-refresh=300ms",
		"steadyflow.webhooks." + WaitingTriggersH2Test.HOOK + ".secret=" + TestWebhook.SECRET })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaitingTriggersH2Test {

	static final String HOOK = "trig-test-carrier";

	static final String QUEUE = "trig-test-" + UUID.randomUUID() + ".bookings";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:trig-waiting;DB_CLOSE_DELAY=-1");
	}

	@LocalServerPort
	int port;

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	HistoryService historyService;

	@Autowired
	QueueListeners listeners;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	CachingConnectionFactory connectionFactory;

	Api api;

	@BeforeAll
	void deploy() {
		this.api = new Api(this.rest);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("receive-wait.bpmn20.xml", TestBpmn.bytes(TriggerProcesses.RECEIVE_WAIT));
		files.put("hook-wait.bpmn20.xml", TestBpmn.bytes(TriggerProcesses.hookWait(HOOK)));
		files.put("queue-wait.bpmn20.xml", TestBpmn.bytes(TriggerProcesses.queueWait(QUEUE)));
		Api.Response deployed = this.api.deploy("ada", files);
		assertThat(deployed.status()).as(deployed.body().toString()).isIn(200, 201);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.listeners.queues().contains(QUEUE));
	}

	@AfterAll
	void removeTheTestQueues() {
		RabbitAdmin admin = new RabbitAdmin(this.connectionFactory);
		admin.deleteQueue(QUEUE);
		admin.deleteQueue(QUEUE + ".dead");
	}

	private String start(String process, String orderId) {
		return this.runtimeService.startProcessInstanceByKey(process, Map.of("orderId", orderId)).getId();
	}

	/** The user tasks the instance has now, by definition key. */
	private List<String> tasks(String instanceId) {
		return this.taskService.createTaskQuery()
			.processInstanceId(instanceId)
			.list()
			.stream()
			.map(Task::getTaskDefinitionKey)
			.toList();
	}

	/** How often the instance passed the element (finished activity instances). */
	private long passed(String instanceId, String activityId) {
		return this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instanceId)
			.activityId(activityId)
			.finished()
			.count();
	}

	private Api.Response pay(String orderId, int amount) {
		return this.api.post("clara", "/api/messages", Map.of("name", "paymentReceived", "correlationKey", orderId,
				"variables", Map.of("paidAmount", amount)));
	}

	@Test
	void aReceiveTaskGetsItsMessageLikeACatchEvent() {
		String orderId = "R-" + UUID.randomUUID();
		String other = start("receive-wait", "R-" + UUID.randomUUID());
		String waiting = start("receive-wait", orderId);
		assertThat(this.runtimeService.createExecutionQuery()
			.processInstanceId(waiting)
			.activityId("receivePayment")
			.count()).isEqualTo(1);
		assertThat(this.runtimeService.createEventSubscriptionQuery()
			.processInstanceId(waiting)
			.eventName("paymentReceived")
			.count()).isEqualTo(1);

		Api.Response answer = pay(orderId, 30);
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
		assertThat(answer.text("outcome")).isEqualTo("delivered");
		assertThat(answer.text("processInstanceId")).isEqualTo(waiting);
		assertThat(tasks(waiting)).containsExactly("shipOrder");
		assertThat(passed(waiting, "receivePayment")).isEqualTo(1);
		assertThat(this.runtimeService.getVariable(waiting, "paidAmount")).hasToString("30");
		assertThat(tasks(other)).as("another order's instance waits on").isEmpty();
		assertThat(this.runtimeService.createEventSubscriptionQuery().processInstanceId(waiting).count()).isZero();

		// the second payment finds nobody waiting: kept (sf:messageTtl), not delivered
		Api.Response again = pay(orderId, 30);
		assertThat(again.status()).isEqualTo(202);
		assertThat(again.text("outcome")).isEqualTo("buffered");
		assertThat(passed(waiting, "receivePayment")).isEqualTo(1);
		assertThat(tasks(waiting)).containsExactly("shipOrder");
	}

	@Test
	void aReceiveTaskGetsAMessageKeptBeforeItWaited() {
		String orderId = "R-" + UUID.randomUUID();
		Api.Response kept = pay(orderId, 45);
		assertThat(kept.status()).isEqualTo(202);
		String waiting = start("receive-wait", orderId);
		assertThat(tasks(waiting)).containsExactly("shipOrder");
		assertThat(this.runtimeService.getVariable(waiting, "paidAmount")).hasToString("45");
		String later = start("receive-wait", orderId);
		assertThat(tasks(later)).as("a kept message is delivered once").isEmpty();
	}

	@Test
	void aWebhookResumesTheWaitingInstanceOnceAndARepeatMovesNothing() {
		String orderId = "S-" + UUID.randomUUID();
		String other = start("hook-wait", "S-" + UUID.randomUUID());
		String waiting = start("hook-wait", orderId);
		TestWebhook hooks = new TestWebhook(this.port);
		String body = "{\"order\": {\"id\": \"" + orderId + "\"}, \"carrier\": \"DHL\"}";

		TestWebhook.Answer first = hooks.send(HOOK, body, "d-" + orderId);
		assertThat(first.status()).as(first.body().toString()).isEqualTo(202);
		assertThat(first.text("outcome")).isEqualTo("delivered");
		assertThat(first.text("processInstanceId")).isEqualTo(waiting);
		assertThat(first.repeated()).isFalse();
		assertThat(tasks(waiting)).containsExactly("confirmDelivery");
		assertThat(this.runtimeService.getVariable(waiting, "carrier")).isEqualTo("DHL");
		assertThat(passed(waiting, "shipmentConfirmed")).isEqualTo(1);
		assertThat(this.runtimeService.createProcessInstanceQuery().processInstanceId(waiting).count()).isEqualTo(1);

		TestWebhook.Answer repeat = hooks.send(HOOK, body, "d-" + orderId);
		assertThat(repeat.status()).isEqualTo(202);
		assertThat(repeat.repeated()).isTrue();
		assertThat(repeat.text("processInstanceId")).isEqualTo(waiting);
		TestWebhook.Answer anotherDelivery = hooks.send(HOOK, body, "d2-" + orderId);
		assertThat(anotherDelivery.status()).as("nobody waits for a second confirmation").isEqualTo(404);
		assertThat(passed(waiting, "shipmentConfirmed")).isEqualTo(1);
		assertThat(tasks(waiting)).containsExactly("confirmDelivery");
		assertThat(tasks(other)).isEmpty();
	}

	private void publish(String messageId, String orderId, int amount) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		properties.setContentType("application/json");
		String body = "{\"order\": {\"id\": \"" + orderId + "\"}, \"amount\": " + amount + "}";
		this.rabbit.send("", QUEUE, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	@Test
	void aQueueMessageResumesTheWaitingInstanceOnceAndARepeatMovesNothing() {
		String orderId = "B-" + UUID.randomUUID();
		String markerOrder = "B-" + UUID.randomUUID();
		String waiting = start("queue-wait", orderId);
		String markerInstance = start("queue-wait", markerOrder);
		String messageId = "m-" + UUID.randomUUID();

		publish(messageId, orderId, 70);
		await().atMost(Duration.ofSeconds(30)).until(() -> tasks(waiting).contains("archiveInvoice"));
		assertThat(this.runtimeService.getVariable(waiting, "amount")).hasToString("70");

		// the same message again, and another one for an order that no longer waits; a
		// marker behind them shows they were handled (one consumer takes the queue in
		// order)
		String another = "m-" + UUID.randomUUID();
		publish(messageId, orderId, 70);
		publish(another, orderId, 70);
		publish("m-" + UUID.randomUUID(), markerOrder, 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> tasks(markerInstance).contains("archiveInvoice"));
		assertThat(passed(waiting, "paymentBooked")).isEqualTo(1);
		assertThat(tasks(waiting)).containsExactly("archiveInvoice");

		Message dead = this.rabbit.receive(QUEUE + ".dead", 30_000);
		assertThat(dead).as("the one nobody waits for is set aside").isNotNull();
		assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(another);
		assertThat((String) dead.getMessageProperties().getHeader(QueueListeners.REASON_HEADER))
			.startsWith("No instance waits for message 'paymentBooked' with correlation key '" + orderId + "'");
		assertThat(this.rabbit.receive(QUEUE + ".dead", 1000)).as("the repeat is not a dead letter").isNull();
	}

}
