package io.steadyflow.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.TestBpmn;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Queue triggers on the local RabbitMQ broker (127.0.0.1:5672), with a queue of the
 * test's own: start by message, a duplicate message id, a poison message, and a closed
 * broker connection with nothing lost.
 */
@H2Test
@TestPropertySource(properties = { "spring.rabbitmq.host=127.0.0.1", "steadyflow.triggers.queue-refresh=300ms" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueTriggerH2Test {

	static final String QUEUE = "steadyflow-test-" + UUID.randomUUID() + ".orders";

	static final String EVENTS = "steadyflow-test-" + UUID.randomUUID() + ".events";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	CachingConnectionFactory connectionFactory;

	@Autowired
	HistoryService historyService;

	@Autowired
	QueueListeners listeners;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	OutboxRelay outbox;

	/**
	 * Publishes the order id to the test's events queue (default exchange), then runs the
	 * given step in the same transaction.
	 */
	static String publishing(String key, String after) {
		return TriggerProcesses.HEADER
				+ """
						  <error id="failure" errorCode="FAILED"/>
						  <process id="%1$s" name="Publish" isExecutable="true" sf:owner="test-team" sf:doneWhen="The order is announced">
						    <startEvent id="started" name="Order accepted"/>
						    <sequenceFlow id="f1" sourceRef="started" targetRef="announce"/>
						    <serviceTask id="announce" name="Announce order" flowable:delegateExpression="${publishEvent}"
						                 sf:exchange="" sf:routingKey="%2$s" sf:map="id=orderId"/>
						    <boundaryEvent id="announceFailed" name="Announcement failed" attachedToRef="announce">
						      <errorEventDefinition errorRef="failure"/>
						    </boundaryEvent>
						    <sequenceFlow id="f4" sourceRef="announceFailed" targetRef="failed"/>
						    <endEvent id="failed" name="Not announced" sf:outcome="failed"/>
						    <sequenceFlow id="f2" sourceRef="announce" targetRef="after"/>
						    %3$s
						    <sequenceFlow id="f3" sourceRef="after" targetRef="ended"/>
						    <endEvent id="ended" name="Order announced" sf:outcome="done"/>
						  </process>
						</definitions>
						"""
					.formatted(key, EVENTS, after);
	}

	@Test
	void aCommittedStepPublishesItsEventAndARolledBackOneNothing() {
		new RabbitAdmin(this.connectionFactory).declareQueue(new Queue(EVENTS, true));
		this.repositoryService.createDeployment()
			.addString("publish-ok.bpmn20.xml", publishing("publish-ok",
					"<userTask id=\"after\" name=\"Check\" flowable:candidateGroups=\"clerks\" flowable:dueDate=\"P1D\"/>"))
			.addString("publish-fails.bpmn20.xml", publishing("publish-fails",
					"<serviceTask id=\"after\" name=\"Fail\" flowable:class=\"io.steadyflow.operations.AlwaysFailingStep\"/>"
							+ "<boundaryEvent id=\"afterFailed\" name=\"Failed\" attachedToRef=\"after\">"
							+ "<errorEventDefinition errorRef=\"failure\"/></boundaryEvent>"
							+ "<sequenceFlow id=\"f5\" sourceRef=\"afterFailed\" targetRef=\"failed\"/>"))
			.deploy();
		assertThatThrownBy(
				() -> this.runtimeService.startProcessInstanceByKey("publish-fails", Map.of("orderId", "E-0")))
			.isInstanceOf(RuntimeException.class);
		this.runtimeService.startProcessInstanceByKey("publish-ok", Map.of("orderId", "E-1"));
		Message event = this.rabbit.receive(EVENTS, 30_000);
		assertThat(event).isNotNull();
		assertThat(new String(event.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"E-1\"}");
		assertThat(event.getMessageProperties().getMessageId()).isNotBlank();
		assertThat(this.rabbit.receive(EVENTS, 1000)).as("the rolled-back step's event").isNull();
		assertThat(this.outbox.pending()).isZero();
	}

	/**
	 * Publishes right after commits are bounded (each holds two database connections):
	 * beyond the bound, the event is left to the relay, which publishes it.
	 */
	@Test
	void publishesRightAfterCommitsAreBoundedAndTheRelayTakesTheRest() throws Exception {
		new RabbitAdmin(this.connectionFactory).declareQueue(new Queue(EVENTS, true));
		this.repositoryService.createDeployment()
			.addString("publish-bounded.bpmn20.xml", publishing("publish-bounded",
					"<userTask id=\"after\" name=\"Check\" flowable:candidateGroups=\"clerks\" flowable:dueDate=\"P1D\"/>"))
			.deploy();
		assertThat(this.outbox.afterCommit.tryAcquire(OutboxRelay.AFTER_COMMIT_PUBLISHES)).isTrue();
		try {
			assertThat(this.outbox.publishAfterCommit("no-such-event")).as("left to the relay").isFalse();
			this.runtimeService.startProcessInstanceByKey("publish-bounded", Map.of("orderId", "E-7"));
			Message event = this.rabbit.receive(EVENTS, 30_000);
			assertThat(event).as("published by the relay").isNotNull();
			assertThat(new String(event.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"E-7\"}");
		}
		finally {
			this.outbox.afterCommit.release(OutboxRelay.AFTER_COMMIT_PUBLISHES);
		}
		assertThat(this.outbox.publishAfterCommit("no-such-event")).as("tried now").isTrue();
		assertThat(this.rabbit.receive(EVENTS, 1000)).as("published once").isNull();
		assertThat(this.outbox.pending()).isZero();
	}

	static String process() {
		return TriggerProcesses.HEADER
				+ """
						  <process id="queue-start" name="Order from the queue" isExecutable="true" sf:owner="test-team"
						           sf:doneWhen="The order is reviewed">
						    <startEvent id="orderQueued" name="Order created in the shop"
						                sf:queue="%s" sf:map="orderId=$.order.id"/>
						    <sequenceFlow id="toReview" sourceRef="orderQueued" targetRef="reviewOrder"/>
						    <userTask id="reviewOrder" name="Review order" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
						    <sequenceFlow id="toReviewed" sourceRef="reviewOrder" targetRef="orderReviewed"/>
						    <endEvent id="orderReviewed" name="Order reviewed" sf:outcome="done"/>
						  </process>
						</definitions>
						"""
					.formatted(QUEUE);
	}

	@BeforeAll
	void deployAndWaitForTheListener() {
		Api.Response deployed = new Api(this.rest).deploy("ada",
				Map.of("queue-start.bpmn20.xml", TestBpmn.bytes(process())));
		assertThat(deployed.status()).as(deployed.body().toString()).isIn(200, 201);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.listeners.queues().contains(QUEUE));
	}

	@AfterAll
	void removeTheTestQueues() {
		RabbitAdmin admin = new RabbitAdmin(this.connectionFactory);
		admin.deleteQueue(QUEUE);
		admin.deleteQueue(QUEUE + ".dead");
		admin.deleteQueue(EVENTS);
	}

	private void publish(String messageId, String body) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		properties.setContentType("application/json");
		this.rabbit.send("", QUEUE, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	private long instances() {
		return this.historyService.createHistoricProcessInstanceQuery().processDefinitionKey("queue-start").count();
	}

	private long startedBy(String messageId) {
		return this.historyService.createHistoricProcessInstanceQuery()
			.processDefinitionKey("queue-start")
			.list()
			.stream()
			.filter((instance) -> messageId.equals(instance.getReferenceId()))
			.count();
	}

	@Test
	void aMessageStartsOneInstanceAndItsDuplicateNone() {
		long before = instances();
		String first = "m-" + UUID.randomUUID();
		String marker = "m-" + UUID.randomUUID();
		publish(first, "{\"order\": {\"id\": \"Q-1\"}}");
		publish(first, "{\"order\": {\"id\": \"Q-1\"}}");
		publish(marker, "{\"order\": {\"id\": \"Q-2\"}}");
		// one consumer takes the queue in order: once the marker's instance exists, the
		// duplicate before it was handled
		await().atMost(Duration.ofSeconds(30)).until(() -> startedBy(marker) == 1);
		assertThat(startedBy(first)).isEqualTo(1);
		assertThat(instances()).isEqualTo(before + 2);
		assertThat(this.historyService.createHistoricProcessInstanceQuery()
			.processDefinitionKey("queue-start")
			.list()
			.stream()
			.filter((instance) -> first.equals(instance.getReferenceId()))
			.findFirst()
			.orElseThrow()
			.getReferenceType()).isEqualTo("queue:" + QUEUE);
	}

	@Test
	void aPoisonMessageGoesToTheDeadLetterQueueWithItsReason() {
		long before = instances();
		String poison = "m-" + UUID.randomUUID();
		String unmappable = "m-" + UUID.randomUUID();
		publish(poison, "{\"order\": ");
		publish(unmappable, "{\"customer\": \"ACME\"}");
		Message dead = this.rabbit.receive(QUEUE + ".dead", 30_000);
		Message deadToo = this.rabbit.receive(QUEUE + ".dead", 30_000);
		assertThat(dead).isNotNull();
		assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(poison);
		assertThat((String) dead.getMessageProperties().getHeader(QueueListeners.REASON_HEADER))
			.startsWith("The message body is not valid JSON");
		assertThat(deadToo).isNotNull();
		assertThat((String) deadToo.getMessageProperties().getHeader(QueueListeners.REASON_HEADER))
			.isEqualTo("The payload has no value at $.order.id (variable 'orderId').");
		Api.Response letters = new Api(this.rest).get("otto", "/api/queues/dead-letters");
		assertThat(letters.status()).isEqualTo(200);
		assertThat(letters.body().findValuesAsText("messageId")).contains(poison, unmappable);
		assertThat(new Api(this.rest).get("clara", "/api/queues/dead-letters").status()).isEqualTo(403);
		// the queue is not blocked: a good message after them starts its instance
		String good = "m-" + UUID.randomUUID();
		publish(good, "{\"order\": {\"id\": \"Q-3\"}}");
		await().atMost(Duration.ofSeconds(30)).until(() -> startedBy(good) == 1);
		assertThat(instances()).isEqualTo(before + 1);
	}

	@Test
	void aClosedBrokerConnectionLosesNothing() {
		long before = instances();
		this.connectionFactory.resetConnection();
		String afterReset = "m-" + UUID.randomUUID();
		publish(afterReset, "{\"order\": {\"id\": \"Q-4\"}}");
		await().atMost(Duration.ofSeconds(30)).until(() -> startedBy(afterReset) == 1);
		assertThat(instances()).isEqualTo(before + 1);
		Api.Response health = new Api(this.rest).get("otto", "/actuator/health");
		assertThat(health.body().at("/components/broker/status").asText()).isEqualTo("UP");
	}

}
