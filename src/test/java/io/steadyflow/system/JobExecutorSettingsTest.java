package io.steadyflow.system;

import java.time.Duration;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import org.flowable.common.spring.async.SpringAsyncTaskExecutor;
import org.flowable.job.service.impl.asyncexecutor.AsyncExecutor;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job executor the engine really runs with: a node holds at most threads + queue job
 * locks, and a lock outlives the longest job a capped tool call allows (two calls of 25
 * s: one ahead in the queue, one running) but not by much, so a dead node strands few
 * jobs and not for long.
 */
@H2Test
class JobExecutorSettingsTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	SpringProcessEngineConfiguration engine;

	@Test
	void aNodeLocksOnlyWhatItCanRunSoonAndNotForLong() {
		AsyncExecutor executor = this.engine.getAsyncExecutor();
		assertThat(executor.getTaskExecutor()).isInstanceOf(SpringAsyncTaskExecutor.class);
		ThreadPoolTaskExecutor threads = (ThreadPoolTaskExecutor) ((SpringAsyncTaskExecutor) executor.getTaskExecutor())
			.getAsyncTaskExecutor();
		assertThat(threads.getMaxPoolSize()).isEqualTo(8);
		assertThat(threads.getQueueCapacity()).isEqualTo(8);
		// one acquisition locks at most what the queue holds, and only when it is empty
		assertThat(threads.getThreadPoolExecutor().getQueue())
			.isInstanceOf(EngineConfiguration.RefilledWhenEmpty.class);
		assertThat(executor.getMaxAsyncJobsDuePerAcquisition()).isEqualTo(8);

		Duration lock = Duration.ofMillis(executor.getAsyncJobLockTimeInMillis());
		Duration longestCall = Duration.ofSeconds(20);
		assertThat(lock).isEqualTo(Duration.ofSeconds(45)).isGreaterThan(longestCall.multipliedBy(2));
		assertThat(Duration.ofMillis(executor.getTimerLockTimeInMillis())).isEqualTo(Duration.ofSeconds(45));
	}

}
