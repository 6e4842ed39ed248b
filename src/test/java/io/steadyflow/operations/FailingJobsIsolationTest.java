package io.steadyflow.operations;

import java.time.Duration;
import java.util.Map;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.IsolationProcesses;
import io.steadyflow.support.TestSystem;
import io.steadyflow.support.TestSystem.Answer;
import org.awaitility.Awaitility;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the async executor running, 1,000 jobs of one process that fail and retry do not
 * keep the jobs of another process from completing: retries wait as timer jobs instead of
 * occupying the executor, and a failure costs one short transaction.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:steadyflow-isolation;DB_CLOSE_DELAY=-1",
				"flowable.async-executor-activate=false", "logging.level.io.steadyflow.operations=ERROR",
				"logging.level.org.flowable.job.service.impl.asyncexecutor=OFF",
				"logging.level.org.flowable.common.engine.impl.interceptor=OFF" })
@ActiveProfiles("demo")
class FailingJobsIsolationTest {

	static final int FAILING = 1000;

	static final int HEALTHY = 200;

	static final TestSystem system = new TestSystem("sync");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	HistoryService historyService;

	@Autowired
	ManagementService managementService;

	@Autowired
	ProcessEngineConfiguration engineConfiguration;

	@AfterEach
	void stopExecutor() {
		// The failing jobs would keep the executor busy while the context shuts down.
		// Releasing the locks of jobs that are still finishing may race with them; the
		// database is thrown away anyway.
		try {
			this.engineConfiguration.getAsyncExecutor().shutdown();
		}
		catch (FlowableOptimisticLockingException ex) {
			// a job finished while its lock was released
		}
	}

	@Test
	void failingJobsOfOneProcessDoNotStallHealthyJobsOfAnother() {
		system.alwaysAnswer("/fail", Answer.status(500));
		system.alwaysAnswer("/ok", Answer.ok("{}"));
		this.repositoryService.createDeployment()
			.addString("failing-sync.bpmn20.xml", IsolationProcesses.failing("R20/PT1S"))
			.addString("healthy-sync.bpmn20.xml", IsolationProcesses.healthy())
			.deploy();
		// The failing jobs are queued first, ahead of every healthy one: the hardest
		// case.
		for (int i = 0; i < FAILING; i++) {
			start(IsolationProcesses.FAILING, i);
		}
		this.engineConfiguration.getAsyncExecutor().start();
		for (int i = 0; i < HEALTHY; i++) {
			start(IsolationProcesses.HEALTHY, i);
		}

		Awaitility.await()
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.historyService.createHistoricProcessInstanceQuery()
				.processDefinitionKey(IsolationProcesses.HEALTHY)
				.finished()
				.count() == HEALTHY);

		assertThat(this.historyService.createHistoricActivityInstanceQuery()
			.activityId("recordSent")
			.processDefinitionId(definitionId(IsolationProcesses.HEALTHY))
			.count()).isEqualTo(HEALTHY);
		assertThat(this.runtimeService.createProcessInstanceQuery()
			.processDefinitionKey(IsolationProcesses.FAILING)
			.count()).as("the failing instances wait, none is lost").isEqualTo(FAILING);
		assertThat(this.historyService.createHistoricActivityInstanceQuery()
			.activityId("recordSent")
			.processDefinitionId(definitionId(IsolationProcesses.FAILING))
			.count()).isZero();
		assertThat(system.received().stream().filter((request) -> request.path().equals("/fail")).count())
			.as("failing jobs ran meanwhile")
			.isPositive();
		assertThat(this.managementService.createTimerJobQuery()
			.processDefinitionId(definitionId(IsolationProcesses.FAILING))
			.count()).as("failed jobs wait for their retry as timers").isPositive();
	}

	private String definitionId(String key) {
		return this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult()
			.getId();
	}

	private String start(String key, int number) {
		return this.runtimeService
			.startProcessInstanceByKey(key, Map.of("baseUrl", system.baseUrl(), "recordId", key + "-" + number))
			.getId();
	}

}
