package io.steadyflow.deployment;

import java.time.Duration;
import java.util.function.Supplier;

import org.flowable.common.engine.impl.lock.LockManagerImpl;
import org.flowable.spring.SpringProcessEngineConfiguration;

import org.springframework.stereotype.Component;

/**
 * A lock in the database (Flowable's lock table), so that deployments run one at a time
 * across every node sharing the database: Flowable's duplicate filtering compares a new
 * deployment with the last one of the same name, and two identical uploads that both
 * looked before either had stored would otherwise both become a new version (or collide
 * on the engine's keys). A lock left by a node that died is taken over after
 * {@link #FORCE_ACQUIRE_AFTER}, far longer than any deployment takes.
 */
@Component
class DeploymentLock {

	static final Duration FORCE_ACQUIRE_AFTER = Duration.ofMinutes(2);

	private static final Duration POLL_RATE = Duration.ofMillis(100);

	private final SpringProcessEngineConfiguration engine;

	DeploymentLock(SpringProcessEngineConfiguration engine) {
		this.engine = engine;
	}

	/** Runs the work holding the named lock, waiting at most {@code wait} for it. */
	<T> T run(String name, Duration wait, Supplier<T> work) {
		return new LockManagerImpl(this.engine.getCommandExecutor(), name, POLL_RATE, FORCE_ACQUIRE_AFTER,
				this.engine.getEngineCfgKey())
			.waitForLockRunAndRelease(wait, work);
	}

}
