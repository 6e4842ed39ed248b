package io.steadyflow.operations;

import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngine;
import org.flowable.job.service.impl.asyncexecutor.AsyncExecutor;
import org.flowable.spring.SpringProcessEngineConfiguration;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The engine's part of {@code /actuator/health} (component {@code engine}): the engine's
 * name, whether this node's async executor runs jobs, and how many jobs are out of
 * retries (incidents). Dead letters do not make the node DOWN: they wait for an operator,
 * and a load balancer that took the node out of service would not bring them back. The
 * details are shown to operators and admins only (management.endpoint.health.roles).
 */
@Component("engine")
class EngineHealth implements HealthIndicator {

	private final ProcessEngine engine;

	private final SpringProcessEngineConfiguration configuration;

	private final ManagementService managementService;

	EngineHealth(ProcessEngine engine, SpringProcessEngineConfiguration configuration,
			ManagementService managementService) {
		this.engine = engine;
		this.configuration = configuration;
		this.managementService = managementService;
	}

	@Override
	public Health health() {
		AsyncExecutor executor = this.configuration.getAsyncExecutor();
		return Health.up()
			.withDetail("name", this.engine.getName())
			.withDetail("asyncExecutorRunning", executor != null && executor.isActive())
			.withDetail("deadLetterJobs", this.managementService.createDeadLetterJobQuery().count())
			.build();
	}

}
