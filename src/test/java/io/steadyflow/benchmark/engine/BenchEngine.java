package io.steadyflow.benchmark.engine;

/**
 * What the engine benchmark's workloads need of an engine: the same few calls through
 * Flowable's, Camunda's or Steadyflow's own Java API, on the three diagrams of
 * {@link BenchDiagrams}.
 */
interface BenchEngine extends AutoCloseable {

	/** Starts an instance of the latest version of the process, returns its id. */
	String start(String processKey);

	/** The open task of an instance that waits in one user task. */
	String openTask(String processInstanceId);

	void complete(String taskId);

	/** Running instances of the process. */
	long running(String processKey);

	/** Starts or stops the engine's job executor. */
	void jobExecutor(boolean on);

	@Override
	void close();

}
