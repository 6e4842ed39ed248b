package io.steadyflow.system;

import org.flowable.common.engine.impl.AbstractEngineConfiguration;
import org.flowable.common.engine.impl.EngineConfigurator;
import org.flowable.engine.impl.cfg.DelegateExpressionFieldInjectionMode;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.flowable.spring.boot.process.Process;
import org.flowable.variable.api.types.VariableType;
import org.flowable.variable.api.types.VariableTypes;
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
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> steadyflowEngineConfigurer() {
		return (engine) -> {
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
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
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
