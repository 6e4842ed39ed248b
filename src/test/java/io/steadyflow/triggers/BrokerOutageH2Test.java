package io.steadyflow.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.TcpProxy;
import io.steadyflow.support.TestBpmn;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A broker outage with nothing lost. The application reaches the local RabbitMQ broker
 * only through a {@link TcpProxy} in this JVM, which the test cuts and restores (the
 * broker itself is shared with other tests and keeps running); the test itself talks to
 * the broker directly. The application has an in-memory database of its own, so that no
 * other test's application listens to these queues.
 */
@H2Test
@TestPropertySource(properties = { "spring.rabbitmq.host=127.0.0.1", "steadyflow.triggers.queue-refresh=300ms" })
@Import(BrokerOutageH2Test.GateConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerOutageH2Test {

	static final String ORDERS = "trig-test-" + UUID.randomUUID() + ".orders";

	static final String GATED = "trig-test-" + UUID.randomUUID() + ".gated";

	static final String EVENTS = "trig-test-" + UUID.randomUUID() + ".events";

	/** The application's only way to the broker; refusing when the application starts. */
	static final TcpProxy proxy = TcpProxy.refusing("127.0.0.1", 5672);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registry.add("spring.rabbitmq.port", proxy::port);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:trig-broker-outage;DB_CLOSE_DELAY=-1");
	}

	/** Holds the first start of the gated process until the test lets it go on. */
	static final class Gate implements JavaDelegate {

		final AtomicInteger calls = new AtomicInteger();

		volatile CountDownLatch entered = new CountDownLatch(1);

		volatile CountDownLatch released = new CountDownLatch(1);

		volatile boolean failFirst;

		void arm(boolean failFirst) {
			this.calls.set(0);
			this.entered = new CountDownLatch(1);
			this.released = new CountDownLatch(1);
			this.failFirst = failFirst;
		}

		@Override
		public void execute(DelegateExecution execution) {
			if (this.calls.incrementAndGet() != 1) {
				return;
			}
			this.entered.countDown();
			try {
				if (!this.released.await(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("The test did not release the gate");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (this.failFirst) {
				throw new IllegalStateException("The first attempt fails after the broker connection dropped");
			}
		}

	}

	/** The gate, a bean of this test's application only. */
	static class GateConfiguration {

		@Bean
		Gate trigTestGate() {
			return new Gate();
		}

	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	HistoryService historyService;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	QueueListeners listeners;

	@Autowired
	OutboxRelay outbox;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Gate gate;

	/** The test's own connection to the broker, past the proxy. */
	CachingConnectionFactory direct;

	RabbitTemplate broker;

	@BeforeAll
	void connectDirectly() {
		this.direct = new CachingConnectionFactory("127.0.0.1", 5672);
		this.broker = new RabbitTemplate(this.direct);
		RabbitAdmin admin = new RabbitAdmin(this.direct);
		for (String queue : List.of(ORDERS, GATED, EVENTS)) {
			admin.declareQueue(new Queue(queue, true));
		}
	}

	@AfterAll
	void removeTheTestQueues() {
		RabbitAdmin admin = new RabbitAdmin(this.direct);
		for (String queue : List.of(ORDERS, GATED, EVENTS)) {
			admin.deleteQueue(queue);
			admin.deleteQueue(queue + ".dead");
		}
		this.direct.destroy();
		proxy.close();
	}

	static String queueStart(String key, String queue, String firstStep) {
		return TriggerProcesses.HEADER
				+ """
						  <error id="failure" errorCode="FAILED"/>
						  <process id="%1$s" name="Order from the queue" isExecutable="true" sf:owner="test-team"
						           sf:doneWhen="The order is reviewed">
						    <startEvent id="orderQueued" name="Order created in the shop"
						                sf:queue="%2$s" sf:map="orderId=$.order.id"/>
						    <sequenceFlow id="toFirst" sourceRef="orderQueued" targetRef="first"/>
						    %3$s
						    <boundaryEvent id="firstFailed" name="Order refused" attachedToRef="first">
						      <errorEventDefinition errorRef="failure"/>
						    </boundaryEvent>
						    <sequenceFlow id="toRefused" sourceRef="firstFailed" targetRef="orderRefused"/>
						    <endEvent id="orderRefused" name="Order refused" sf:outcome="failed"/>
						    <sequenceFlow id="toReview" sourceRef="first" targetRef="reviewOrder"/>
						    <userTask id="reviewOrder" name="Review order" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
						    <sequenceFlow id="toReviewed" sourceRef="reviewOrder" targetRef="orderReviewed"/>
						    <endEvent id="orderReviewed" name="Order reviewed" sf:outcome="done"/>
						  </process>
						</definitions>
						"""
					.formatted(key, queue, firstStep);
	}

	static String publishing() {
		return TriggerProcesses.HEADER + """
				  <error id="failure" errorCode="FAILED"/>
				  <process id="outage-publish" name="Publish" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The order is announced">
				    <startEvent id="started" name="Order accepted"/>
				    <sequenceFlow id="f1" sourceRef="started" targetRef="announce"/>
				    <serviceTask id="announce" name="Announce order" flowable:delegateExpression="${publishEvent}"
				                 sf:exchange="" sf:routingKey="%s" sf:map="id=orderId"/>
				    <boundaryEvent id="announceFailed" name="Announcement failed" attachedToRef="announce">
				      <errorEventDefinition errorRef="failure"/>
				    </boundaryEvent>
				    <sequenceFlow id="f4" sourceRef="announceFailed" targetRef="failed"/>
				    <endEvent id="failed" name="Not announced" sf:outcome="failed"/>
				    <sequenceFlow id="f2" sourceRef="announce" targetRef="check"/>
				    <userTask id="check" name="Check" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
				    <sequenceFlow id="f3" sourceRef="check" targetRef="ended"/>
				    <endEvent id="ended" name="Order announced" sf:outcome="done"/>
				  </process>
				</definitions>
				""".formatted(EVENTS);
	}

	private void publish(String queue, String messageId, String orderId) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		properties.setContentType("application/json");
		this.broker.send("", queue, new Message(
				("{\"order\": {\"id\": \"" + orderId + "\"}}").getBytes(StandardCharsets.UTF_8), properties));
	}

	private long startedBy(String processKey, String messageId) {
		return this.historyService.createHistoricProcessInstanceQuery()
			.processDefinitionKey(processKey)
			.list()
			.stream()
			.filter((instance) -> messageId.equals(instance.getReferenceId()))
			.count();
	}

	private Api.Response health(String user) {
		return new Api(this.rest).get(user, "/actuator/health");
	}

	@Test
	@Order(1)
	void anOutageDelaysEventsAndMessagesAndLosesNone() {
		// start-up went through without the broker; the node still takes requests, so a
		// load balancer keeps it (200), and operators see why it is degraded
		Api.Response degraded = health("otto");
		assertThat(degraded.status()).isEqualTo(200);
		assertThat(degraded.body().path("status").asText()).isEqualTo("DEGRADED");
		assertThat(degraded.body().at("/components/broker/status").asText()).isEqualTo("DEGRADED");
		assertThat(degraded.body().at("/components/broker/details/error").asText()).as("the broker's error")
			.isNotEmpty();
		assertThat(degraded.body().at("/components/broker/details/eventsWaiting").asLong()).isZero();
		assertThat(degraded.body().at("/components/db/status").asText()).isEqualTo("UP");
		Api.Response anonymous = health(null);
		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.body().path("status").asText()).isEqualTo("DEGRADED");
		assertThat(anonymous.body().has("components")).as("details are for operators").isFalse();

		Api.Response deployed = new Api(this.rest).deploy("ada",
				Map.of("outage-start.bpmn20.xml",
						TestBpmn.bytes(queueStart("outage-start", ORDERS,
								"<userTask id=\"first\" name=\"Accept order\" flowable:candidateGroups=\"clerks\" "
										+ "flowable:dueDate=\"P1D\"/>"))));
		assertThat(deployed.status()).as(deployed.body().toString()).isIn(200, 201);
		this.repositoryService.createDeployment().addString("outage-publish.bpmn20.xml", publishing()).deploy();

		// a step that publishes commits while the broker is unreachable; its event is
		// kept
		String instanceId = this.runtimeService.startProcessInstanceByKey("outage-publish", Map.of("orderId", "E-1"))
			.getId();
		assertThat(
				this.taskService.createTaskQuery().processInstanceId(instanceId).singleResult().getTaskDefinitionKey())
			.isEqualTo("check");
		List<String> kept = this.jdbc.queryForList("SELECT id FROM sf_outbox WHERE process_instance_id = ?",
				String.class, instanceId);
		assertThat(kept).hasSize(1);
		// the relay tries again (every 300 ms) and keeps it while the broker is away
		this.outbox.publishPending();
		assertThat(this.outbox.pending()).isEqualTo(1);
		assertThat(health("otto").body().at("/components/broker/details/eventsWaiting").asLong()).isEqualTo(1);

		// a message for a listened queue waits in the broker
		String duringOutage = "m-" + UUID.randomUUID();
		publish(ORDERS, duringOutage, "Q-1");
		assertThat(startedBy("outage-start", duringOutage)).isZero();

		proxy.pass();

		await().atMost(Duration.ofSeconds(60)).until(() -> startedBy("outage-start", duringOutage) == 1);
		Message event = this.broker.receive(EVENTS, 30_000);
		assertThat(event).as("the kept event, published once the broker is back").isNotNull();
		assertThat(event.getMessageProperties().getMessageId()).isEqualTo(kept.get(0));
		assertThat(new String(event.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"E-1\"}");
		assertThat(this.broker.receive(EVENTS, 3000)).as("published once").isNull();
		assertThat(this.outbox.pending()).isZero();

		String afterOutage = "m-" + UUID.randomUUID();
		publish(ORDERS, afterOutage, "Q-2");
		await().atMost(Duration.ofSeconds(30)).until(() -> startedBy("outage-start", afterOutage) == 1);
		assertThat(startedBy("outage-start", duringOutage)).isEqualTo(1);
		Api.Response up = health("otto");
		assertThat(up.status()).isEqualTo(200);
		assertThat(up.body().at("/components/broker/status").asText()).isEqualTo("UP");
	}

	@Test
	@Order(2)
	void aMessageInFlightWhenTheConnectionDropsStartsExactlyOneInstance() throws Exception {
		proxy.pass();
		this.repositoryService.createDeployment()
			.addString("outage-gated.bpmn20.xml", queueStart("outage-gated", GATED,
					"<serviceTask id=\"first\" name=\"Check order\" flowable:delegateExpression=\"${trigTestGate}\"/>"))
			.deploy();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.listeners.queues().contains(GATED));

		// the connection drops while the instance is being started; the start then
		// commits,
		// and its acknowledgement is lost with the connection
		this.gate.arm(false);
		String committed = "m-" + UUID.randomUUID();
		publish(GATED, committed, "G-1");
		assertThat(this.gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
		proxy.closeAll();
		this.gate.released.countDown();
		String marker = "m-" + UUID.randomUUID();
		publish(GATED, marker, "G-2");
		// the broker delivers the unacknowledged message again before the marker behind
		// it
		await().atMost(Duration.ofSeconds(60)).until(() -> startedBy("outage-gated", marker) == 1);
		assertThat(startedBy("outage-gated", committed)).isEqualTo(1);
		assertThat(this.gate.calls.get()).as("the repeat was answered by its recorded message id").isEqualTo(2);

		// the connection drops and the start then fails: nothing was acknowledged, the
		// broker delivers the message again and the second attempt starts the instance
		this.gate.arm(true);
		String rolledBack = "m-" + UUID.randomUUID();
		publish(GATED, rolledBack, "G-3");
		assertThat(this.gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
		proxy.closeAll();
		this.gate.released.countDown();
		await().atMost(Duration.ofSeconds(60)).until(() -> startedBy("outage-gated", rolledBack) == 1);
		assertThat(this.gate.calls.get()).as("the first attempt and the redelivery").isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sf_dead_letter WHERE message_id IN (?, ?, ?)",
				Long.class, committed, marker, rolledBack))
			.isZero();
	}

}
