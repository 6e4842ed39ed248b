package io.steadyflow.deployment;

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

	private ConfigurableApplicationContext start() {
		// Command-line arguments, because they outrank application.yaml as they would for
		// a user.
		return new SpringApplicationBuilder(SteadyflowApplication.class).profiles("demo")
			.run("--server.port=0",
					"--spring.datasource.url=jdbc:h2:file:" + this.home.resolve("data/steadyflow").toAbsolutePath(),
					"--steadyflow.deployment.processes-location=" + this.home.resolve("processes"),
					"--flowable.async-executor-activate=false");
	}

	private static int latestVersion(RepositoryService repository, String key) {
		ProcessDefinition definition = repository.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		return definition.getVersion();
	}

}
