package io.steadyflow.benchmark.engine;

import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.repository.DeploymentBuilder;

/**
 * Camunda 7.24's embedded engine with its defaults and history {@code audit}.
 */
final class CamundaBench implements BenchEngine {

	private final ProcessEngine engine;

	private CamundaBench(ProcessEngine engine) {
		this.engine = engine;
	}

	static CamundaBench create(BenchDatabase database) {
		ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
		configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
			.setHistory(ProcessEngineConfiguration.HISTORY_AUDIT)
			.setJobExecutorActivate(false);
		// Camunda refuses diagrams without a history time to live unless the engine has
		// one.
		configuration.setHistoryTimeToLive("P180D");
		if (database.dataSource() != null) {
			configuration.setDataSource(database.dataSource());
		}
		else {
			configuration.setJdbcUrl(database.url())
				.setJdbcDriver(database.driver())
				.setJdbcUsername(database.user())
				.setJdbcPassword(database.password());
		}
		ProcessEngine engine = configuration.buildProcessEngine();
		DeploymentBuilder deployment = engine.getRepositoryService().createDeployment().name("engine-benchmark");
		for (Map.Entry<String, String> diagram : BenchDiagrams.forEngine(true).entrySet()) {
			deployment.addString(diagram.getKey(), diagram.getValue());
		}
		deployment.deploy();
		return new CamundaBench(engine);
	}

	@Override
	public String start(String processKey) {
		return this.engine.getRuntimeService().startProcessInstanceByKey(processKey).getId();
	}

	@Override
	public String openTask(String processInstanceId) {
		return this.engine.getTaskService()
			.createTaskQuery()
			.processInstanceId(processInstanceId)
			.singleResult()
			.getId();
	}

	@Override
	public void complete(String taskId) {
		this.engine.getTaskService().complete(taskId);
	}

	@Override
	public long running(String processKey) {
		return this.engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(processKey).count();
	}

	@Override
	public void jobExecutor(boolean on) {
		JobExecutor executor = ((ProcessEngineConfigurationImpl) this.engine.getProcessEngineConfiguration())
			.getJobExecutor();
		if (on) {
			executor.start();
		}
		else {
			executor.shutdown();
		}
	}

	@Override
	public void close() {
		this.engine.close();
	}

}
