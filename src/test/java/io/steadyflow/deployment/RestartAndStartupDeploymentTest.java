package io.steadyflow.deployment;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.steadyflow.SteadyflowApplication;
import io.steadyflow.support.TestBpmn;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default as a user runs it: an H2 file database and a processes directory,
 * started, stopped and started again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartAndStartupDeploymentTest {

	@TempDir
	Path home;

	@Test
	void restartKeepsInstancesAndRedeploysOnlyChangedFiles(CapturedOutput output) throws Exception {
		Path processes = Files.createDirectories(this.home.resolve("processes"));
		Files.copy(Path.of("processes/invoice-approval.bpmn20.xml"), processes.resolve("invoice-approval.bpmn20.xml"));
		Files.writeString(processes.resolve("review.bpmn"), TestBpmn.userTaskProcess("review", "Review", "approvers"));
		Files.writeString(processes.resolve("broken.bpmn"), "<definitions>not closed");
		Files.writeString(processes.resolve("notes.txt"), "not a process");

		String instanceId;
		String taskId;
		try (ConfigurableApplicationContext first = start()) {
			RepositoryService repository = first.getBean(RepositoryService.class);
			assertThat(latestVersion(repository, "invoice-approval")).isEqualTo(1);
			assertThat(latestVersion(repository, "review")).isEqualTo(1);
			assertThat(output.getOut()).contains("Not deployed: broken.bpmn")
				.contains("2 deployed, 0 unchanged, 1 not deployed");

			instanceId = first.getBean(RuntimeService.class)
				.startProcessInstanceByKey("review", "REV-1", Map.of("topic", "restart"))
				.getId();
			taskId = first.getBean(TaskService.class)
				.createTaskQuery()
				.processInstanceId(instanceId)
				.singleResult()
				.getId();
		}

		Files.writeString(processes.resolve("review.bpmn"),
				TestBpmn.userTaskProcess("review", "Review again", "approvers"));
		Files.delete(processes.resolve("broken.bpmn"));

		try (ConfigurableApplicationContext second = start()) {
			RepositoryService repository = second.getBean(RepositoryService.class);
			assertThat(latestVersion(repository, "invoice-approval")).as("unchanged file, no new version").isEqualTo(1);
			assertThat(latestVersion(repository, "review")).as("changed file, new version").isEqualTo(2);

			TaskService tasks = second.getBean(TaskService.class);
			Task task = tasks.createTaskQuery().processInstanceId(instanceId).singleResult();
			assertThat(task.getId()).as("the open task survived the restart").isEqualTo(taskId);
			assertThat(second.getBean(RuntimeService.class).getVariable(instanceId, "topic")).isEqualTo("restart");
			tasks.complete(taskId);
			assertThat(second.getBean(RuntimeService.class)
				.createProcessInstanceQuery()
				.processInstanceId(instanceId)
				.count()).isZero();
		}
	}

	@Test
	void aClassifyProcessIsDeployedWithItsLabelsFileAndAChangedLabelsFileMakesANewVersion() throws Exception {
		Path processes = Files.createDirectories(this.home.resolve("processes"));
		Files.copy(Path.of("processes/ticket-triage.bpmn20.xml"), processes.resolve("ticket-triage.bpmn20.xml"));
		Path labels = processes.resolve("ticket-triage.labels.json");
		Files.copy(Path.of("processes/ticket-triage.labels.json"), labels);

		try (ConfigurableApplicationContext first = start()) {
			RepositoryService repository = first.getBean(RepositoryService.class);
			assertThat(latestVersion(repository, "ticket-triage")).isEqualTo(1);
			assertThat(repository.getDeploymentResourceNames(latest(repository, "ticket-triage").getDeploymentId()))
				.contains("ticket-triage.bpmn20.xml", "ticket-triage.labels.json");
		}
		try (ConfigurableApplicationContext second = start()) {
			assertThat(latestVersion(second.getBean(RepositoryService.class), "ticket-triage"))
				.as("unchanged diagram and labels, no new version")
				.isEqualTo(1);
		}

		Files.writeString(labels, Files.readString(labels)
			.replace("\"billing\": [", "\"billing\": [\n      \"Our card was charged for a plan we cancelled\","));
		try (ConfigurableApplicationContext third = start()) {
			RepositoryService repository = third.getBean(RepositoryService.class);
			assertThat(latestVersion(repository, "ticket-triage")).as("changed labels file, new version").isEqualTo(2);
			String deploymentId = latest(repository, "ticket-triage").getDeploymentId();
			try (InputStream in = repository.getResourceAsStream(deploymentId, "ticket-triage.labels.json")) {
				assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
					.contains("Our card was charged for a plan we cancelled");
			}
		}
	}

	private ConfigurableApplicationContext start() {
		// Command-line arguments, because they outrank application.yaml as they would for
		// a user.
		return new SpringApplicationBuilder(SteadyflowApplication.class).profiles("demo")
			.run("--server.port=0",
					"--spring.datasource.url=jdbc:h2:file:" + this.home.resolve("data/steadyflow").toAbsolutePath(),
					"--steadyflow.deployment.processes-location=" + this.home.resolve("processes"),
					"--flowable.async-executor-activate=false", "--steadyflow.ai.warm-up=false");
	}

	private static int latestVersion(RepositoryService repository, String key) {
		return latest(repository, key).getVersion();
	}

	private static ProcessDefinition latest(RepositoryService repository, String key) {
		return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
	}

}
