package io.steadyflow.ai;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.Jobs;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoice workflow reading invoices through a configured chat model (a local server
 * speaking the OpenAI chat-completions protocol): a good answer is used and recorded; a
 * malformed or late answer fails the job, which the engine retries and finally turns into
 * an incident, with no result and nothing taken over.
 */
@H2Test
class ChatWorkflowTest {

	static final ChatServer server = new ChatServer();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:steadyflow-chat-test;DB_CLOSE_DELAY=-1");
		registry.add("steadyflow.ai.chat.base-url", server::baseUrl);
		registry.add("steadyflow.ai.chat.model", () -> "test-model");
		registry.add("steadyflow.ai.chat.timeout", () -> "1s");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	ManagementService managementService;

	@Autowired
	AiProvenance provenance;

	Jobs jobs;

	@BeforeEach
	void setUp() {
		this.jobs = new Jobs(this.managementService);
	}

	@Test
	void goodAnswerIsTakenOverAndRecordedWithTheModel() {
		server.answers("""
				{"invoiceNumber":"BS-881","vendor":"Blue Sky Ltd","invoiceDate":"2026-11-02","dueDate":"2026-12-02",
				 "net":2000.00,"vat":400.00,"gross":2400.00,"currency":"GBP","vatId":"GB123456789","iban":null}""");
		ProcessInstance instance = start();
		this.jobs.runAll(instance.getId());

		assertThat(this.taskService.createTaskQuery()
			.processInstanceId(instance.getId())
			.singleResult()
			.getTaskDefinitionKey()).isEqualTo("approveInvoice");
		assertThat(this.runtimeService.getVariable(instance.getId(), "vendor")).isEqualTo("Blue Sky Ltd");
		assertThat((BigDecimal) this.runtimeService.getVariable(instance.getId(), "amount"))
			.isEqualByComparingTo("2400.00");
		List<AiProvenance.AiRecord> records = this.provenance.forInstance(instance.getId());
		assertThat(records).hasSize(1);
		assertThat(records.get(0).modelId()).isEqualTo("test-model");
		assertThat(records.get(0).modelVersion()).isEqualTo("test-model-2026-01");
		assertThat(records.get(0).confidence()).isEqualTo(1.0);
	}

	@Test
	void malformedAnswerIsRetriedThenAnIncidentNeverADefault() {
		server.answers("I'm sorry, I cannot read this invoice.");
		ProcessInstance instance = start();

		assertThat(this.jobs.runFailing(instance.getId())).hasStackTraceContaining("answered no JSON");
		assertNothingTakenOver(instance);
		for (int retry = 0; retry < 5 && this.jobs.deadLetterCount(instance.getId()) == 0; retry++) {
			this.jobs.dueTimers(instance.getId());
			assertThat(this.jobs.runFailing(instance.getId())).hasStackTraceContaining("answered no JSON");
		}
		assertThat(this.jobs.deadLetterCount(instance.getId())).isEqualTo(1);
		Job incident = this.managementService.createDeadLetterJobQuery()
			.processInstanceId(instance.getId())
			.singleResult();
		assertThat(incident.getExceptionMessage()).contains("answered no JSON");
		assertNothingTakenOver(instance);
	}

	@Test
	void lateAnswerIsATechnicalFailure() {
		server.answersAfter(Duration.ofSeconds(3), "{}");
		ProcessInstance instance = start();

		assertThat(this.jobs.runFailing(instance.getId())).hasStackTraceContaining("failed");
		assertNothingTakenOver(instance);
		assertThat(this.managementService.createTimerJobQuery().processInstanceId(instance.getId()).count())
			.as("the failed job waits for its retry")
			.isEqualTo(1);
	}

	private void assertNothingTakenOver(ProcessInstance instance) {
		assertThat(this.runtimeService.hasVariable(instance.getId(), "invoiceExtraction")).isFalse();
		assertThat(this.runtimeService.hasVariable(instance.getId(), "vendor")).isFalse();
		assertThat(this.taskService.createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
		assertThat(this.provenance.forInstance(instance.getId())).isEmpty();
	}

	private ProcessInstance start() {
		return this.runtimeService.startProcessInstanceByKey("invoice-approval",
				Map.of("invoiceText", "INVOICE BS-881 from Blue Sky Ltd, total GBP 2,400.00, due 2 December 2026"));
	}

}
