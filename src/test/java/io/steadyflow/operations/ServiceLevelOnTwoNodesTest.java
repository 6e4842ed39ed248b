package io.steadyflow.operations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.steadyflow.SteadyflowApplication;
import io.steadyflow.support.PostgresDatabase;
import io.steadyflow.support.TestMail;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application nodes share one PostgreSQL database with their job executors running,
 * as in production. Instances whose service level runs out while they wait are breached
 * once each and their owner is mailed once each: the check is an engine timer job, which
 * one node locks and runs.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceLevelOnTwoNodesTest {

	static final String PROCESS = "two-node-service-level";

	static final String OWNER_ADDRESS = "two-node-owner@steadyflow.example";

	static final int INSTANCES = 6;

	final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	void startTwoNodes() {
		String url = PostgresDatabase.fresh("nodes");
		for (String node : List.of("node-a", "node-b")) {
			// as command-line arguments: they take precedence over the profiles' files,
			// as
			// for a real node
			this.nodes.add(new SpringApplicationBuilder(SteadyflowApplication.class).profiles("postgres", "demo")
				.run(arguments("server.port=0", "spring.datasource.url=" + url,
						"spring.datasource.username=" + PostgresDatabase.user(),
						"spring.datasource.password=" + PostgresDatabase.password(),
						"flowable.process.async.executor.lock-owner=" + node, "steadyflow.examples.enabled=false",
						"steadyflow.ai.warm-up=false", "spring.mail.host=127.0.0.1",
						"spring.mail.port=" + TestMail.get().smtpPort(),
						"steadyflow.owners.two-node-owner=" + OWNER_ADDRESS,
						"flowable.process.async.executor.default-timer-job-acquire-wait-time=500ms")));
		}
	}

	static String[] arguments(String... properties) {
		return java.util.Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new);
	}

	@AfterAll
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void eachBreachIsRecordedAndMailedOnceWhicheverNodeRunsTheCheck() {
		TestMail.get().reset();
		ConfigurableApplicationContext first = this.nodes.get(0);
		first.getBean(RepositoryService.class).createDeployment().addString(PROCESS + ".bpmn20.xml", """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%s" name="Quick request" isExecutable="true" sf:owner="two-node-owner"
				           sf:doneWhen="The request is answered" sf:sla="PT2S">
				    <startEvent id="asked" name="Request asked"/>
				    <sequenceFlow id="f1" sourceRef="asked" targetRef="answer"/>
				    <userTask id="answer" name="Answer request" flowable:candidateGroups="approvers"/>
				    <sequenceFlow id="f2" sourceRef="answer" targetRef="answered"/>
				    <endEvent id="answered" name="Request answered" sf:outcome="done"/>
				  </process>
				</definitions>
				""".formatted(PROCESS)).deploy();
		RuntimeService runtime = first.getBean(RuntimeService.class);
		for (int i = 0; i < INSTANCES; i++) {
			runtime.startProcessInstanceByKey(PROCESS);
		}

		JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM sf_sla_breach WHERE process_definition_key = ?",
					Integer.class, PROCESS) == INSTANCES);
		// give both executors time to run anything they still had: nothing more may come
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(10))
			.until(() -> TestMail.get().receivedBy(OWNER_ADDRESS).size() == INSTANCES);

		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT process_instance_id) FROM sf_sla_breach", Integer.class))
			.isEqualTo(INSTANCES);
		assertThat(TestMail.get().receivedBy(OWNER_ADDRESS)).hasSize(INSTANCES);
	}

}
