package io.steadyflow.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.steadyflow.support.Api;
import io.steadyflow.support.TestBpmn;
import io.steadyflow.support.TestWebhook;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Signed webhooks and messages over real HTTP on the real engine: each answer exactly,
 * and how many instances it left.
 */
abstract class WebhookAndMessageScenarios {

	@LocalServerPort
	int port;

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	HistoryService historyService;

	@Autowired
	ProcessEngineConfiguration engine;

	@Autowired
	MessageCorrelation correlation;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	TestWebhook hooks;

	/** The test classes (one per database) that deployed the diagrams already. */
	private static final Set<String> deployedBy = java.util.concurrent.ConcurrentHashMap.newKeySet();

	@BeforeEach
	void deploy() {
		this.api = new Api(this.rest);
		this.hooks = new TestWebhook(this.port);
		if (!deployedBy.add(getClass().getName())) {
			return;
		}
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("hook-start.bpmn20.xml", TestBpmn.bytes(TriggerProcesses.HOOK_START));
		files.put("payment-wait.bpmn20.xml", TestBpmn.bytes(TriggerProcesses.PAYMENT_WAIT));
		files.put("message-start.bpmn20.xml", TestBpmn.bytes(TriggerProcesses.MESSAGE_START));
		Api.Response deployed = this.api.deploy("ada", files);
		assertThat(deployed.status()).as(deployed.body().toString()).isIn(200, 201);
	}

	private long instances(String processKey) {
		return this.historyService.createHistoricProcessInstanceQuery().processDefinitionKey(processKey).count();
	}

	private static String order(String id) {
		return "{\"order\": {\"id\": \"" + id + "\", \"total\": 12.50}}";
	}

	@Test
	void validDeliveryStartsOneInstanceWithTheMappedVariables() {
		long before = instances("hook-start");
		String id = "O-" + UUID.randomUUID();
		TestWebhook.Answer answer = this.hooks.send("test-hook", order(id), "d-" + id);
		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.text("outcome")).isEqualTo("started");
		assertThat(answer.repeated()).isFalse();
		assertThat(instances("hook-start")).isEqualTo(before + 1);
		String instanceId = answer.text("processInstanceId");
		assertThat(this.runtimeService.getVariable(instanceId, "orderId")).isEqualTo(id);
		assertThat(((Number) this.runtimeService.getVariable(instanceId, "total")).doubleValue()).isEqualTo(12.5);
		assertThat(this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult()
			.getReferenceType()).isEqualTo("webhook:test-hook");
		Api.Response view = this.api.get("admin", "/api/process-instances/" + instanceId);
		assertThat(view.text("startedVia")).isEqualTo("webhook test-hook (delivery d-" + id + ")");
	}

	@Test
	void theSecretBeingRotatedOutIsStillAccepted() {
		long before = instances("hook-start");
		String body = order("O-" + UUID.randomUUID());
		TestWebhook.Answer answer = this.hooks.send("test-hook", body, null,
				TestWebhook.signature(TestWebhook.OLD_SECRET, Instant.now(), body));
		assertThat(answer.status()).isEqualTo(202);
		assertThat(instances("hook-start")).isEqualTo(before + 1);
	}

	@Test
	void badMissingOrOldSignaturesAreRefusedAndStartNothing() {
		long before = instances("hook-start");
		String body = order("O-" + UUID.randomUUID());
		TestWebhook.Answer forged = this.hooks.send("test-hook", body, null,
				TestWebhook.signature("guessed-secret", Instant.now(), body));
		TestWebhook.Answer unsigned = this.hooks.send("test-hook", body, null, null);
		TestWebhook.Answer old = this.hooks.send("test-hook", body, null,
				TestWebhook.signature(TestWebhook.SECRET, Instant.now().minus(Duration.ofMinutes(6)), body));
		TestWebhook.Answer tampered = this.hooks.send("test-hook", body.replace("12.50", "1.00"), null,
				TestWebhook.signature(TestWebhook.SECRET, Instant.now(), body));
		assertThat(List.of(forged.status(), unsigned.status(), old.status(), tampered.status())).containsExactly(401,
				401, 401, 401);
		assertThat(forged.text("detail")).contains("does not match");
		assertThat(unsigned.text("detail")).contains("no Steadyflow-Signature header");
		assertThat(old.text("detail")).contains("more than 300 seconds");
		assertThat(instances("hook-start")).isEqualTo(before);
	}

	@Test
	void aReplayedDeliveryAnswersTheFirstInstance() {
		long before = instances("hook-start");
		String id = "O-" + UUID.randomUUID();
		TestWebhook.Answer first = this.hooks.send("test-hook", order(id), "d-" + id);
		TestWebhook.Answer again = this.hooks.send("test-hook", order(id), "d-" + id);
		String body = order("O-" + UUID.randomUUID());
		String signature = TestWebhook.signature(TestWebhook.SECRET, Instant.now(), body);
		TestWebhook.Answer unnamed = this.hooks.send("test-hook", body, null, signature);
		TestWebhook.Answer replayed = this.hooks.send("test-hook", body, null, signature);
		assertThat(List.of(first.status(), again.status(), unnamed.status(), replayed.status())).containsExactly(202,
				202, 202, 202);
		assertThat(again.text("processInstanceId")).isEqualTo(first.text("processInstanceId"));
		assertThat(again.repeated()).isTrue();
		assertThat(replayed.text("processInstanceId")).isEqualTo(unnamed.text("processInstanceId"));
		assertThat(replayed.repeated()).isTrue();
		assertThat(instances("hook-start")).isEqualTo(before + 2);
	}

	@Test
	void twentyConcurrentRepeatsStartOneInstance() throws Exception {
		long before = instances("hook-start");
		String id = "O-" + UUID.randomUUID();
		ExecutorService senders = Executors.newFixedThreadPool(20);
		try {
			List<Callable<TestWebhook.Answer>> calls = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				calls.add(() -> this.hooks.send("test-hook", order(id), "d-" + id));
			}
			List<TestWebhook.Answer> answers = new ArrayList<>();
			for (Future<TestWebhook.Answer> answer : senders.invokeAll(calls)) {
				answers.add(answer.get());
			}
			assertThat(answers).extracting(TestWebhook.Answer::status).containsOnly(202);
			Set<String> ids = answers.stream()
				.map((answer) -> answer.text("processInstanceId"))
				.collect(Collectors.toSet());
			assertThat(ids).hasSize(1);
			assertThat(answers.stream().filter((answer) -> !answer.repeated()).count()).isEqualTo(1);
		}
		finally {
			senders.shutdownNow();
		}
		assertThat(instances("hook-start")).isEqualTo(before + 1);
	}

	@Test
	void oversizedMalformedOrIncompleteBodiesAndUnknownHooksStartNothing() {
		long before = instances("hook-start");
		String large = "{\"order\": {\"id\": \"x\", \"total\": 1, \"note\": \"" + "a".repeat(300 * 1024) + "\"}}";
		TestWebhook.Answer tooLarge = this.hooks.send("test-hook", large, null);
		TestWebhook.Answer malformed = this.hooks.send("test-hook", "{\"order\": {\"id\": ", null);
		TestWebhook.Answer incomplete = this.hooks.send("test-hook", "{\"order\": {\"id\": \"O-1\"}}", null);
		TestWebhook.Answer unknown = this.hooks.send("no-such-hook", order("O-2"), null);
		assertThat(List.of(tooLarge.status(), malformed.status(), incomplete.status(), unknown.status()))
			.containsExactly(413, 400, 400, 404);
		assertThat(malformed.text("detail")).startsWith("The body is not valid JSON");
		assertThat(incomplete.text("detail"))
			.isEqualTo("The payload has no value at $.order.total (variable 'total').");
		assertThat(incomplete.text("variable")).isEqualTo("total");
		assertThat(instances("hook-start")).isEqualTo(before);
	}

	private String waitForPayment(String orderId) {
		return this.runtimeService.startProcessInstanceByKey("payment-wait", Map.of("orderId", orderId)).getId();
	}

	private Api.Response pay(String user, String orderId, String ttl) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("name", "paymentConfirmed");
		message.put("correlationKey", orderId);
		message.put("variables", Map.of("paidAmount", 12.5));
		if (ttl != null) {
			message.put("ttl", ttl);
		}
		return this.api.post(user, "/api/messages", message);
	}

	private String endOf(String instanceId) {
		return this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult()
			.getEndActivityId();
	}

	@Test
	void aMessageIsDeliveredToTheOneInstanceWaitingUnderItsKey() {
		String key = "P-" + UUID.randomUUID();
		String other = waitForPayment("P-" + UUID.randomUUID());
		String waiting = waitForPayment(key);
		Api.Response answer = pay("clara", key, null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text("outcome")).isEqualTo("delivered");
		assertThat(answer.text("processInstanceId")).isEqualTo(waiting);
		assertThat(endOf(waiting)).isEqualTo("orderPaid");
		assertThat(this.historyService.createHistoricVariableInstanceQuery()
			.processInstanceId(waiting)
			.variableName("paidAmount")
			.singleResult()
			.getValue()).hasToString("12.5");
		assertThat(endOf(other)).isNull();
	}

	@Test
	void anAmbiguousKeyIsRefusedNamingTheInstances() {
		String key = "P-" + UUID.randomUUID();
		String first = waitForPayment(key);
		String second = waitForPayment(key);
		Api.Response answer = pay("clara", key, null);
		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.text("detail")).contains(first).contains(second);
		assertThat(endOf(first)).isNull();
		assertThat(endOf(second)).isNull();
	}

	@Test
	void aMessageNobodyWaitsForIsRefusedUnlessItMayBeKept() {
		String key = "P-" + UUID.randomUUID();
		Api.Response refused = pay("clara", key, null);
		assertThat(refused.status()).isEqualTo(404);
		assertThat(refused.text("detail")).contains("No instance waits for message 'paymentConfirmed'");

		Api.Response kept = pay("clara", key, "PT5M");
		assertThat(kept.status()).isEqualTo(202);
		assertThat(kept.text("outcome")).isEqualTo("buffered");
		String late = waitForPayment(key);
		assertThat(endOf(late)).as("the kept message is delivered once the instance waits").isEqualTo("orderPaid");
		String later = waitForPayment(key);
		assertThat(endOf(later)).as("a kept message is delivered once").isNull();
	}

	@Test
	void anExpiredMessageIsNotDelivered() {
		String key = "P-" + UUID.randomUUID();
		assertThat(pay("clara", key, "PT1M").status()).isEqualTo(202);
		try {
			this.engine.getClock().setCurrentTime(Date.from(Instant.now().plus(Duration.ofMinutes(2))));
			String waiting = waitForPayment(key);
			assertThat(endOf(waiting)).isNull();
			assertThat(this.runtimeService.createEventSubscriptionQuery()
				.processInstanceId(waiting)
				.eventName("paymentConfirmed")
				.count()).isEqualTo(1);
		}
		finally {
			this.engine.getClock().reset();
		}
	}

	/**
	 * The sweep's purge: kept messages delivered or expired longer ago than the retention
	 * are removed; one that may still be delivered stays.
	 */
	@Test
	void keptMessagesDeliveredOrExpiredLongerAgoThanTheRetentionAreRemoved() {
		String expiring = pay("clara", "P-" + UUID.randomUUID(), "PT1M").text("messageId");
		String deliveredKey = "P-" + UUID.randomUUID();
		String delivered = pay("clara", deliveredKey, "PT1M").text("messageId");
		assertThat(endOf(waitForPayment(deliveredKey))).isEqualTo("orderPaid");
		String waiting = pay("clara", "P-" + UUID.randomUUID(), "P30D").text("messageId");
		assertThat(keptRows(expiring, delivered, waiting)).isEqualTo(3);

		assertThat(this.correlation.purge(Duration.ofHours(1))).as("all are recent").isZero();
		try {
			this.engine.getClock().setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(1))));
			assertThat(this.correlation.purge(Duration.ofHours(1))).isGreaterThanOrEqualTo(2);
		}
		finally {
			this.engine.getClock().reset();
		}
		assertThat(keptRows(expiring, delivered)).isZero();
		assertThat(keptRows(waiting)).as("it may still be delivered").isEqualTo(1);
	}

	private long keptRows(String... ids) {
		return this.jdbc.queryForObject("SELECT count(*) FROM sf_message_buffer WHERE id IN ("
				+ String.join(",", Collections.nCopies(ids.length, "?")) + ")", Long.class, (Object[]) ids);
	}

	@Test
	void onlyDeclaredSendersMaySendAMessage() {
		String key = "P-" + UUID.randomUUID();
		String waiting = waitForPayment(key);
		Api.Response refused = pay("bea", key, null);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.text("detail")).contains("reserved for clerks");
		assertThat(endOf(waiting)).isNull();
		assertThat(pay("admin", key, null).status()).isEqualTo(200);
		assertThat(endOf(waiting)).isEqualTo("orderPaid");
	}

	@Test
	void aMessageStartEventStartsAnInstance() {
		long before = instances("message-start");
		Api.Response answer = this.api.post("clara", "/api/messages",
				Map.of("name", "returnRequested", "variables", Map.of("orderId", "R-1")));
		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.text("outcome")).isEqualTo("started");
		assertThat(instances("message-start")).isEqualTo(before + 1);
		Api.Response view = this.api.get("admin", "/api/process-instances/" + answer.text("processInstanceId"));
		assertThat(view.text("startedVia")).isEqualTo("message returnRequested (sent by clara)");
		Api.Response unknown = this.api.post("clara", "/api/messages", Map.of("name", "noSuchMessage"));
		assertThat(unknown.status()).isEqualTo(404);
	}

}
