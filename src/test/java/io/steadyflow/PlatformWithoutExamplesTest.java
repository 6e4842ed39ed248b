package io.steadyflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.steadyflow.support.Api;
import io.steadyflow.support.Api.Response;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform with the example workflows switched off
 * ({@code steadyflow.examples.enabled=false}) in the demo profile: none of the example
 * diagrams is deployed, none of their beans or demo systems exists, and a team's own
 * process deploys and runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:steadyflow-without-examples;DB_CLOSE_DELAY=-1",
				"flowable.async-executor-activate=false", "steadyflow.ai.warm-up=false",
				"steadyflow.examples.enabled=false" })
@ActiveProfiles("demo")
class PlatformWithoutExamplesTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	HistoryService historyService;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	TestRestTemplate rest;

	@Test
	void noExampleIsDeployedAtStartUp() {
		// every diagram in processes/ is an example (sf:example="true"); only this
		// class's
		// own process may have been deployed
		assertThat(this.repositoryService.createProcessDefinitionQuery().list()).extracting(ProcessDefinition::getKey)
			.isSubsetOf("leave-request")
			.doesNotContain("invoice-approval", "order-sync", "ticket-triage");
	}

	@Test
	void noBeanOfTheExamplesExists() {
		List<String> exampleBeans = Arrays.stream(this.context.getBeanDefinitionNames())
			.map(this.context::getType)
			.filter(Objects::nonNull)
			.map(Class::getName)
			.filter((type) -> type.startsWith("io.steadyflow.examples."))
			.toList();
		assertThat(exampleBeans).isEmpty();
		assertThat(this.context.containsBean("validateInvoice")).isFalse();
		assertThat(this.context.containsBean("aiStep")).as("the platform's own tools stay").isTrue();
	}

	@Test
	void noDemoSystemIsMapped() {
		List<String> paths = this.mappings.getHandlerMethods()
			.keySet()
			.stream()
			.map(RequestMappingInfo::getPatternValues)
			.flatMap(java.util.Set::stream)
			.toList();
		assertThat(paths).isNotEmpty().contains("/api/deployments").noneMatch((path) -> path.startsWith("/demo"));
	}

	@Test
	void aTeamsOwnProcessDeploysAndRuns() throws Exception {
		Api api = new Api(this.rest);
		byte[] file = Files.readAllBytes(Path.of("src/test/resources/platform/leave-request.bpmn20.xml"));

		Response deployed = api.deploy("ada", Map.of("leave-request.bpmn20.xml", file));
		assertThat(deployed.status()).isEqualTo(201);

		Response started = api.post("clara", "/api/process-definitions/leave-request/instances",
				Map.of("businessKey", "LEAVE-1"));
		assertThat(started.status()).isEqualTo(201);
		String instanceId = started.text("id");

		Response tasks = api.get("alex", "/api/tasks?processInstanceId=" + instanceId);
		assertThat(tasks.body().findValuesAsText("name")).containsExactly("Decide leave request");
		String taskId = tasks.body().findValuesAsText("id").get(0);
		assertThat(api.post("alex", "/api/tasks/" + taskId + "/complete", Map.of("variables", Map.of())).status())
			.isBetween(200, 204);

		assertThat(api.get("clara", "/api/process-instances/" + instanceId).text("state")).isEqualTo("completed");
		assertThat(this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instanceId)
			.activityId("leaveDecided")
			.count()).isOne();
	}

}
