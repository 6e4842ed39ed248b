package io.steadyflow.operations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steadyflow.system.AfterCommit;
import io.steadyflow.tools.Notifications;
import org.flowable.bpmn.model.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Service-level breaches (table {@code sf_sla_breach}): recorded once per instance and
 * scope, in the transaction of the check, and the process owner is mailed once with a
 * link to the instance, after that transaction commits. The unique key of the table is
 * the last guard against a second row (and so a second mail) should two checks of the
 * same scope ever run.
 */
@Component
class ServiceLevelBreaches {

	private static final Logger logger = LoggerFactory.getLogger(ServiceLevelBreaches.class);

	private final JdbcTemplate jdbc;

	private final Notifications notifications;

	private final ApplicationEventPublisher events;

	ServiceLevelBreaches(JdbcTemplate jdbc, Notifications notifications, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.notifications = notifications;
		this.events = events;
	}

	/**
	 * @param scopeKey {@code process} or the task's id
	 * @param taskId the task, {@code null} for the process's own service level
	 * @param activityId the user task's BPMN id, {@code null} for the process
	 * @param name the task's or the process's name
	 */
	record Breach(String processInstanceId, String scopeKey, String taskId, String processDefinitionKey,
			int processDefinitionVersion, String activityId, String name, Duration sla, Instant dueAt,
			Instant breachedAt, String businessKey, Process process) {
	}

	void record(Breach breach) {
		Integer existing = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sf_sla_breach WHERE process_instance_id = ? AND scope_key = ?", Integer.class,
				breach.processInstanceId(), breach.scopeKey());
		if (existing != null && existing > 0) {
			return;
		}
		String owner = Notifications.ownerOf(breach.process());
		this.jdbc.update("""
				INSERT INTO sf_sla_breach (id, process_instance_id, scope_key, task_id, process_definition_key,
				       process_definition_version, activity_id, activity_name, sla, due_at, breached_at, owner)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", UUID.randomUUID().toString(),
				breach.processInstanceId(), breach.scopeKey(), breach.taskId(), breach.processDefinitionKey(),
				breach.processDefinitionVersion(), breach.activityId(), breach.name(), breach.sla().toString(),
				Timestamp.from(breach.dueAt()), Timestamp.from(breach.breachedAt()), owner);
		logger.warn("Service level {} passed: {} ({}) {}", breach.sla(), breach.processDefinitionKey(),
				breach.processInstanceId(), (breach.activityId() != null) ? "at '" + breach.name() + "'" : "");
		notifyOwner(breach, owner);
		AfterCommit.run(() -> this.events.publishEvent(new SlaBreached(breach.processDefinitionKey(),
				breach.processDefinitionVersion(), breach.activityId())));
	}

	private void notifyOwner(Breach breach, String owner) {
		List<String> to = this.notifications.ownerAddresses(owner);
		if (to.isEmpty()) {
			logger.warn("Process '{}' has no owner address (steadyflow.owners.{}); service-level breach not mailed",
					breach.processDefinitionKey(), owner);
			return;
		}
		String what = (breach.activityId() != null) ? "the task '" + breach.name() + "'" : "the instance";
		String subject = "Service level passed: " + breach.processDefinitionKey() + ", " + what;
		String text = """
				In the process "%s", %s was still open when its service level of %s ran out.

				Process:       %s (version %d)
				Instance:      %s
				Business key:  %s
				Service level: %s, due %s

				Open: %s
				""".formatted(breach.processDefinitionKey(), what, breach.sla(), breach.processDefinitionKey(),
				breach.processDefinitionVersion(), breach.processInstanceId(),
				(breach.businessKey() != null) ? breach.businessKey() : "-", breach.sla(), breach.dueAt(),
				this.notifications.instanceLink(breach.processInstanceId()));
		this.notifications.sendAfterCommit(to, subject, text);
	}

}
