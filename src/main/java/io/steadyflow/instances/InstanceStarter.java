package io.steadyflow.instances;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.steadyflow.security.Caller;
import io.steadyflow.system.ProblemException;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.runtime.ProcessInstanceBuilder;
import org.flowable.identitylink.api.IdentityLink;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts process instances. A business key is unique per process key: the key is reserved
 * in {@code sf_business_key} in the same transaction that starts the instance, before the
 * instance runs, so that a duplicate request fails on the primary key and runs nothing.
 */
@Service
public class InstanceStarter {

	private final RepositoryService repositoryService;

	private final RuntimeService runtimeService;

	private final JdbcTemplate jdbc;

	InstanceStarter(RepositoryService repositoryService, RuntimeService runtimeService, JdbcTemplate jdbc) {
		this.repositoryService = repositoryService;
		this.runtimeService = runtimeService;
		this.jdbc = jdbc;
	}

	/**
	 * Start the latest version of a process.
	 * @throws ProblemException 404 for an unknown key, 403 when the caller may not start
	 * it
	 * @throws org.springframework.dao.DuplicateKeyException when another request reserved
	 * the same business key at the same time
	 */
	@Transactional
	public StartedInstance start(String processKey, String businessKey, Map<String, Object> variables, Caller caller) {
		ProcessDefinition definition = latestStartable(processKey);
		checkMayStart(definition, caller);
		return run(definition, null, businessKey, variables, null, null);
	}

	/**
	 * Start the latest version of a process for a trigger declared in its diagram (a
	 * signed webhook, a broker message, a message): no signed-in caller, so no candidate
	 * starter check; the trigger authenticated itself. The reference (e.g.
	 * {@code webhook:shop-order} and the delivery id) is kept with the instance in
	 * Flowable's history, so its page can say how it was started.
	 * @param messageName the message of the message start event to start at, or
	 * {@code null} for the none start event
	 * @throws org.springframework.dao.DuplicateKeyException when another request reserved
	 * the same business key at the same time
	 */
	@Transactional
	public StartedInstance startTriggered(String processKey, String messageName, String businessKey,
			Map<String, Object> variables, String referenceType, String referenceId) {
		return run(latestStartable(processKey), messageName, businessKey, variables, referenceType, referenceId);
	}

	private ProcessDefinition latestStartable(String processKey) {
		ProcessDefinition definition = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(processKey)
			.latestVersion()
			.singleResult();
		if (definition == null) {
			throw ProblemException.notFound("No process with key '" + processKey + "' is deployed.");
		}
		if (definition.isSuspended()) {
			throw ProblemException.conflict("Process '" + processKey + "' is suspended; no new instances can start.");
		}
		return definition;
	}

	private StartedInstance run(ProcessDefinition definition, String messageName, String businessKey,
			Map<String, Object> variables, String referenceType, String referenceId) {
		String processKey = definition.getKey();
		if (businessKey != null) {
			Optional<String> existing = existingInstance(processKey, businessKey);
			if (existing.isPresent()) {
				throw duplicate(processKey, businessKey, existing.get());
			}
			this.jdbc.update(
					"insert into sf_business_key (process_definition_key, business_key, created_at) values (?, ?, ?)",
					processKey, businessKey, Timestamp.from(Instant.now()));
		}
		ProcessInstanceBuilder builder = this.runtimeService.createProcessInstanceBuilder()
			.businessKey(businessKey)
			.variables(variables)
			.referenceType(referenceType)
			.referenceId(referenceId);
		// A message start event is chosen by its message (the engine starts the latest
		// version that declares it); otherwise the latest version's none start event.
		ProcessInstance instance = ((messageName != null) ? builder.messageName(messageName)
				: builder.processDefinitionId(definition.getId()))
			.start();
		if (businessKey != null) {
			this.jdbc.update(
					"update sf_business_key set process_instance_id = ? where process_definition_key = ? and business_key = ?",
					instance.getId(), processKey, businessKey);
		}
		return new StartedInstance(instance.getId(), processKey, definition.getVersion(), businessKey,
				instance.isEnded());
	}

	/** The instance that a business key was used for, if any. */
	public Optional<String> existingInstance(String processKey, String businessKey) {
		List<String> ids = this.jdbc.queryForList(
				"select process_instance_id from sf_business_key where process_definition_key = ? and business_key = ?",
				String.class, processKey, businessKey);
		return ids.stream().filter(java.util.Objects::nonNull).findFirst();
	}

	static ProblemException duplicate(String processKey, String businessKey, String instanceId) {
		return ProblemException
			.conflict("An instance of '" + processKey + "' with business key '" + businessKey + "' already exists: "
					+ instanceId + ". A business key starts at most one instance.")
			.with("processInstanceId", instanceId)
			.location(java.net.URI.create("/api/process-instances/" + instanceId));
	}

	/** Whether the caller may start the definition (see {@link #checkMayStart}). */
	public boolean mayStart(ProcessDefinition definition, Caller caller) {
		List<IdentityLink> links = this.repositoryService.getIdentityLinksForProcessDefinition(definition.getId());
		if (links.isEmpty() || caller.isAdmin()) {
			return true;
		}
		return links.stream()
			.anyMatch((link) -> caller.userId().equals(link.getUserId())
					|| (link.getGroupId() != null && caller.groups().contains(link.getGroupId())));
	}

	/**
	 * A process that names candidate starters (flowable:candidateStarterUsers/Groups) may
	 * only be started by them; one that names none may be started by any signed-in user.
	 */
	private void checkMayStart(ProcessDefinition definition, Caller caller) {
		if (!mayStart(definition, caller)) {
			throw ProblemException.forbidden(
					"You may not start '" + definition.getKey() + "': it is reserved for its candidate starters.");
		}
	}

}
