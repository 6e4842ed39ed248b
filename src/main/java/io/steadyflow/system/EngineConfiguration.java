package io.steadyflow.system;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import javax.xml.datatype.DatatypeFactory;

import org.flowable.common.engine.impl.AbstractEngineConfiguration;
import org.flowable.common.engine.impl.EngineConfigurator;
import org.flowable.engine.impl.cfg.DelegateExpressionFieldInjectionMode;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.flowable.spring.boot.process.Process;
import org.flowable.variable.api.types.VariableType;
import org.flowable.variable.api.types.VariableTypes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.context.annotation.Configuration;

/**
 * Engine settings that properties cannot express.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> steadyflowEngineConfigurer(
			@Value("${steadyflow.engine.bulk-insert:false}") boolean bulkInsert) {
		return (engine) -> {
			// Flowable writes several new rows of one table (history, variables, identity
			// links) as one multi-row INSERT. Its SQL is built anew for every flush, by
			// MyBatis' dynamic-SQL parser, which took about a fifth of the CPU of a REST
			// start
			// (docs/performance.md); one prepared single-row statement per row costs less
			// here, where the database is near.
			engine.setBulkInsertEnabled(bulkInsert);
			// Every ISO duration (a due date "P2D", a timer) makes Flowable ask for a new
			// DatatypeFactory, which without this property searches every jar of the
			// class
			// path for another implementation: a twentieth of the CPU of a REST start.
			// The
			// JDK's own is what that search finds; a property set at launch still wins.
			if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
				System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY,
						DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
			}
			// Flowable's parser then refuses DTDs and external entities (XXE, entity
			// bombs).
			engine.setEnableSafeBpmnXml(true);
			engine.addConfigurator(new RefuseJavaSerialization());
			// Delegates are singleton beans: injecting flowable:field values into them
			// would share
			// one step's values with every other step running at the same time. Delegates
			// read
			// their fields with DelegateHelper instead.
			engine.setDelegateExpressionFieldInjectionMode(DelegateExpressionFieldInjectionMode.DISABLED);
		};
	}

	/**
	 * The job executor's threads, with a short queue ({@link JobExecutorProperties}).
	 * Flowable takes the task executor qualified {@code @Process} for its async executor.
	 */
	@Bean
	@Process
	AsyncTaskExecutor processJobTaskExecutor(JobExecutorProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor() {
			@Override
			protected BlockingQueue<Runnable> createQueue(int queueCapacity) {
				return new RefilledWhenEmpty(queueCapacity);
			}
		};
		executor.setCorePoolSize(properties.threads());
		executor.setMaxPoolSize(properties.threads());
		executor.setQueueCapacity(properties.queueCapacity());
		executor.setThreadNamePrefix("steadyflow-job-");
		// a job that is running when the node stops finishes (or its transaction rolls
		// back) instead of being cut off; queued ones stay locked until they expire
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(30);
		executor.initialize();
		return executor;
	}

	/**
	 * The job queue, as Flowable's job acquisition sees it: room for a whole batch when
	 * it is empty, none otherwise. Flowable acquires as many jobs as the queue has room
	 * for ({@code max-async-jobs-due-per-acquisition} at most, set to the queue's
	 * capacity) and waits its full acquire time after a batch smaller than that maximum,
	 * taking it to mean that no more jobs are due. Offered a part of the queue, it would
	 * lock a few jobs and then sleep while others are due; offered all of it, it locks
	 * one batch in one transaction and looks again as soon as the threads have taken it.
	 * The queue itself still holds at most its capacity, so a node still holds at most
	 * {@code threads + queueCapacity} job locks.
	 */
	static final class RefilledWhenEmpty extends LinkedBlockingQueue<Runnable> {

		private final int capacity;

		RefilledWhenEmpty(int capacity) {
			super(capacity);
			this.capacity = capacity;
		}

		@Override
		public int remainingCapacity() {
			return isEmpty() ? this.capacity : 0;
		}

	}

	/**
	 * Java-serialized variables are a remote-code-execution vector (deserialization
	 * gadgets, also through Flowable's REST API) and opaque to every other tool. Without
	 * the serializable type, storing such a value fails with a clear error; structured
	 * values are stored as JSON. Runs after the engine has built its default variable
	 * types.
	 */
	static final class RefuseJavaSerialization implements EngineConfigurator {

		@Override
		public void beforeInit(AbstractEngineConfiguration engineConfiguration) {
		}

		@Override
		public void configure(AbstractEngineConfiguration engineConfiguration) {
			VariableTypes types = ((SpringProcessEngineConfiguration) engineConfiguration).getVariableTypes();
			VariableType serializable = types.getVariableType("serializable");
			if (serializable != null) {
				types.removeType(serializable);
			}
		}

		@Override
		public int getPriority() {
			return Integer.MAX_VALUE;
		}

	}

}
