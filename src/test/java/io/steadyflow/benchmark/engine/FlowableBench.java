package io.steadyflow.benchmark.engine;

import java.util.Map;

import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.flowable.engine.repository.DeploymentBuilder;
import org.flowable.job.service.impl.asyncexecutor.AsyncExecutor;

/**
 * Flowable through its Java API: plain Flowable 7.2 with its defaults ({@link #plain}),
 * or the process engine of a running Steadyflow application.
 */
class FlowableBench implements BenchEngine {

	private final ProcessEngine engine;

	private final Runnable onClose;

	FlowableBench(ProcessEngine engine, Runnable onClose) {
		this.engine = engine;
		this.onClose = onClose;
	}

	/**
	 * A standalone engine with Flowable's defaults (history audit, database id blocks,
	 * its own connection pool, default async executor); only the database, schema
	 * creation and a job executor that starts when the workload says are set.
	 */
	static FlowableBench plain(BenchDatabase database) {
		ProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration()
			.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
			.setAsyncExecutorActivate(false);
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
		deploy(engine);
		return new FlowableBench(engine, engine::close);
	}

	static void deploy(ProcessEngine engine) {
		DeploymentBuilder deployment = engine.getRepositoryService().createDeployment().name("engine-benchmark");
		for (Map.Entry<String, String> diagram : BenchDiagrams.forEngine(false).entrySet()) {
			deployment.addString(diagram.getKey(), diagram.getValue());
		}
		deployment.deploy();
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
		AsyncExecutor executor = this.engine.getProcessEngineConfiguration().getAsyncExecutor();
		if (on) {
			executor.start();
		}
		else {
			executor.shutdown();
		}
	}

	@Override
	public void close() {
		this.onClose.run();
	}

}
