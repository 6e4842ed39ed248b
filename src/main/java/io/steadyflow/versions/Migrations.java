package io.steadyflow.versions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.readiness.Finding;
import io.steadyflow.readiness.ProcessReadiness;
import io.steadyflow.readiness.Severity;
import io.steadyflow.security.Caller;
import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import io.steadyflow.versions.MigrationRecords.MigrationRecord;
import io.steadyflow.versions.MigrationReport.StepReport;

import org.flowable.batch.api.Batch;
import org.flowable.batch.api.BatchPart;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessMigrationService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.migration.ActivityMigrationMapping;
import org.flowable.engine.migration.ProcessInstanceBatchMigrationResult;
import org.flowable.engine.migration.ProcessInstanceMigrationBuilder;
import org.flowable.engine.migration.ProcessInstanceMigrationValidationResult;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.impl.jobexecutor.ProcessInstanceMigrationJobHandler;
import org.flowable.engine.runtime.Execution;
import org.flowable.job.api.Job;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the running instances of one version of a process to another, with Flowable's
 * process migration service doing the moving.
 * <p>
 * A dry run validates every running instance with Flowable ({@code validateMigration})
 * and reports, per step the instances wait in, how many can move and why the others
 * cannot. An execution starts Flowable's batch migration: one batch part and one async
 * job per instance, in the database, acquired by the job executor of any node, so it goes
 * on after a restart (a job that was running when its node died runs again; its
 * transaction had not committed). An instance that cannot move fails its part and is left
 * exactly as it was.
 */
@Service
class Migrations {

	private static final int EXAMPLES = 20;

	private final ProcessVersions versions;

	private final RuntimeService runtimeService;

	private final ProcessMigrationService migrationService;

	private final ManagementService managementService;

	private final ProcessReadiness readiness;

	private final MigrationRecords records;

	private final TransactionTemplate transaction;

	private final ObjectMapper objectMapper;

	private final Clock clock = Clock.systemUTC();

	Migrations(ProcessVersions versions, RuntimeService runtimeService, ProcessMigrationService migrationService,
			ManagementService managementService, ProcessReadiness readiness, MigrationRecords records,
			PlatformTransactionManager transactionManager, ObjectMapper objectMapper) {
		this.versions = versions;
		this.runtimeService = runtimeService;
		this.migrationService = migrationService;
		this.managementService = managementService;
		this.readiness = readiness;
		this.records = records;
		this.transaction = new TransactionTemplate(transactionManager);
		this.objectMapper = objectMapper;
	}

	/**
	 * A dry run (for anyone who may look at the versions) or an execution (authors,
	 * operators and admins), after the checks that make a bad request change nothing.
	 */
	MigrationReport request(String key, MigrationRequest request, Caller caller) {
		ProcessDefinition latest = this.versions.latest(key);
		this.versions.checkMayLook(caller, latest);
		if (!request.dryRun()
				&& !(caller.isAdmin() || caller.hasRole(Roles.AUTHOR) || caller.hasRole(Roles.OPERATOR))) {
			throw ProblemException.forbidden(
					"Migrating instances is for authors, operators and admins; a dry run (\"dryRun\": true) shows what it would do.");
		}
		if (request.from().equals(request.to())) {
			throw ProblemException
				.badRequest(
						"from and to are both version " + request.to() + "; instances move from one version to another")
				.with("parameter", "to");
		}
		ProcessDefinition source = this.versions.definition(key, request.from());
		ProcessDefinition target = this.versions.definition(key, request.to());
		Process sourceProcess = this.versions.process(source);
		Process targetProcess = this.versions.process(target);
		Map<String, String> explicit = checkMapping(request.mappingOrEmpty(), key, source, sourceProcess, target,
				targetProcess);
		if (!request.dryRun()) {
			checkReadiness(key, target);
		}
		Map<String, Set<String>> waiting = waitingSteps(source.getId());
		Map<String, String> mapping = effectiveMapping(waiting, explicit, targetProcess);
		if (request.dryRun()) {
			return dryRun(key, request, source, target, sourceProcess, waiting, mapping, explicit);
		}
		return execute(key, source, target, explicit, caller);
	}

	/**
	 * The proposed mapping for the instances of version {@code from}, without validating
	 * them: for the page, before a dry run. An instance counts as able to move when every
	 * step it waits in has a target.
	 */
	MigrationReport propose(String key, int from, int to, Caller caller) {
		ProcessDefinition latest = this.versions.latest(key);
		this.versions.checkMayLook(caller, latest);
		ProcessDefinition source = this.versions.definition(key, from);
		Process targetProcess = this.versions.process(this.versions.definition(key, to));
		Map<String, Set<String>> waiting = waitingSteps(source.getId());
		Map<String, String> mapping = effectiveMapping(waiting, Map.of(), targetProcess);
		Map<String, List<String>> unmapped = new HashMap<>();
		waiting.forEach((instance, activities) -> activities.stream()
			.filter((activity) -> !mapping.containsKey(activity))
			.forEach((activity) -> unmapped.computeIfAbsent(instance, (i) -> new ArrayList<>())
				.add("step '" + activity + "' has no step of the same id in version " + to + ": map it")));
		List<StepReport> steps = steps(waiting, unmapped, this.versions.process(source), mapping);
		return new MigrationReport(null, key, from, to, true, mapping, waiting.size(), waiting.size() - unmapped.size(),
				unmapped.size(), 0, 0, "proposal", steps, null, null, null);
	}

	/** The steps of a version, for choosing a mapping target. */
	List<String> stepIds(String key, int version) {
		return List.copyOf(steps(this.versions.process(this.versions.definition(key, version))));
	}

	List<MigrationReport> list(String key, Caller caller) {
		ProcessDefinition latest = this.versions.latest(key);
		this.versions.checkMayLook(caller, latest);
		return this.records.ofProcess(key).stream().map(this::progress).toList();
	}

	MigrationReport get(String key, String id, Caller caller) {
		ProcessDefinition latest = this.versions.latest(key);
		this.versions.checkMayLook(caller, latest);
		MigrationRecord record = this.records.find(key, id);
		if (record == null) {
			throw ProblemException.notFound("Process '" + key + "' has no migration '" + id + "'.");
		}
		return progress(record);
	}

	private MigrationReport dryRun(String key, MigrationRequest request, ProcessDefinition source,
			ProcessDefinition target, Process sourceProcess, Map<String, Set<String>> waiting,
			Map<String, String> mapping, Map<String, String> explicit) {
		Map<String, List<String>> problems = new HashMap<>();
		for (String instanceId : waiting.keySet()) {
			ProcessInstanceMigrationValidationResult result = builder(target, explicit).validateMigration(instanceId);
			if (result.hasErrors()) {
				problems.put(instanceId,
						result.getValidationMessages()
							.stream()
							.map((message) -> message.replace(instanceId, "…"))
							.toList());
			}
		}
		List<StepReport> steps = steps(waiting, problems, sourceProcess, mapping);
		int cannot = problems.size();
		return new MigrationReport(null, key, source.getVersion(), target.getVersion(), true, mapping, waiting.size(),
				waiting.size() - cannot, cannot, 0, 0, "dry-run", steps, null, null, null);
	}

	/**
	 * Creates the batch and its audit record in one transaction. The batch's jobs are
	 * left in the database for the job executors to acquire
	 * ({@link MigrationEngineConfiguration}): the request ends with the commit.
	 */
	private MigrationReport execute(String key, ProcessDefinition source, ProcessDefinition target,
			Map<String, String> explicit, Caller caller) {
		MigrationRecord created = this.transaction
			.execute((status) -> createBatch(key, source, target, explicit, caller));
		return progress(created);
	}

	private MigrationRecord createBatch(String key, ProcessDefinition source, ProcessDefinition target,
			Map<String, String> explicit, Caller caller) {
		Batch batch = builder(target, explicit).batchMigrateProcessInstances(source.getId());
		int instances = (int) this.managementService.createBatchPartQuery().batchId(batch.getId()).count();
		MigrationRecord created = new MigrationRecord(batch.getId(), key, source.getVersion(), target.getVersion(),
				source.getId(), target.getId(), explicit, caller.userId(), this.clock.instant(), instances, null, null,
				null);
		this.records.insert(created);
		return created;
	}

	/**
	 * An execution's state from its batch parts: moved, failed (with Flowable's reason,
	 * grouped by the step the instance still waits in), waiting.
	 */
	private MigrationReport progress(MigrationRecord record) {
		String batchId = record.id();
		int migrated = (int) parts(batchId, ProcessInstanceBatchMigrationResult.RESULT_SUCCESS);
		int waitingCount = (int) parts(batchId, ProcessInstanceBatchMigrationResult.STATUS_WAITING);
		List<BatchPart> failedParts = this.managementService.createBatchPartQuery()
			.batchId(batchId)
			.status(ProcessInstanceBatchMigrationResult.RESULT_FAIL)
			.list();
		Map<String, List<String>> problems = new HashMap<>();
		for (BatchPart part : failedParts) {
			problems.put(part.getScopeId(), List.of(reason(part)));
		}
		Map<String, Set<String>> stillWaiting = waitingSteps(record.fromDefinitionId());
		stillWaiting.keySet().retainAll(problems.keySet());
		Process sourceProcess = this.versions
			.process(this.versions.definition(record.processKey(), record.fromVersion()));
		Process targetProcess = this.versions
			.process(this.versions.definition(record.processKey(), record.toVersion()));
		Map<String, String> mapping = effectiveMapping(stillWaiting, record.mapping(), targetProcess);
		List<StepReport> steps = steps(stillWaiting, problems, sourceProcess, mapping);
		Instant finishedAt = record.finishedAt();
		if (waitingCount == 0 && finishedAt == null) {
			finishedAt = this.clock.instant();
			this.records.finish(record.id(), migrated, failedParts.size(), finishedAt);
		}
		int stuck = (waitingCount == 0) ? 0 : stuck(batchId);
		String status = (waitingCount == 0) ? "completed" : (stuck == waitingCount) ? "stuck" : "in-progress";
		return new MigrationReport(record.id(), record.processKey(), record.fromVersion(), record.toVersion(), false,
				record.mapping(), record.instances(), migrated, failedParts.size(), waitingCount, stuck, status, steps,
				record.requestedBy(), record.requestedAt(), finishedAt);
	}

	/**
	 * The batch's waiting parts whose job used up its retries: a failure at every attempt
	 * to commit the move (the move's own failures are recorded in the part). Such a job
	 * is a dead-letter job; retried from the incidents page, it moves its instance.
	 */
	private int stuck(String batchId) {
		List<Job> deadLetters = this.managementService.createDeadLetterJobQuery()
			.handlerType(ProcessInstanceMigrationJobHandler.TYPE)
			.list();
		if (deadLetters.isEmpty()) {
			return 0;
		}
		Set<String> waitingParts = new HashSet<>();
		this.managementService.createBatchPartQuery()
			.batchId(batchId)
			.status(ProcessInstanceBatchMigrationResult.STATUS_WAITING)
			.list()
			.forEach((part) -> waitingParts.add(part.getId()));
		int stuck = 0;
		for (Job job : deadLetters) {
			try {
				if (waitingParts.contains(
						this.objectMapper.readTree(job.getJobHandlerConfiguration()).path("batchPartId").asText())) {
					stuck++;
				}
			}
			catch (Exception ex) {
				// a configuration that is not Flowable's JSON names no part of this batch
			}
		}
		return stuck;
	}

	private long parts(String batchId, String status) {
		return this.managementService.createBatchPartQuery().batchId(batchId).status(status).count();
	}

	private String reason(BatchPart part) {
		String document = this.managementService.getBatchPartDocument(part.getId());
		try {
			JsonNode result = this.objectMapper.readTree(document);
			return result.path("resultMessage").asText("no reason recorded").replace(part.getScopeId(), "…");
		}
		catch (Exception ex) {
			return "no reason recorded";
		}
	}

	private ProcessInstanceMigrationBuilder builder(ProcessDefinition target, Map<String, String> explicit) {
		ProcessInstanceMigrationBuilder builder = this.migrationService.createProcessInstanceMigrationBuilder()
			.migrateToProcessDefinition(target.getId());
		explicit.forEach(
				(from, to) -> builder.addActivityMigrationMapping(ActivityMigrationMapping.createMappingFor(from, to)));
		return builder;
	}

	/**
	 * @return the mapping's entries that send a step elsewhere than to its own id
	 * @throws ProblemException 400 naming a step that one of the versions does not have
	 */
	private static Map<String, String> checkMapping(Map<String, String> mapping, String key, ProcessDefinition source,
			Process sourceProcess, ProcessDefinition target, Process targetProcess) {
		Set<String> sourceSteps = steps(sourceProcess);
		Set<String> targetSteps = steps(targetProcess);
		Map<String, String> explicit = new TreeMap<>();
		for (Map.Entry<String, String> entry : mapping.entrySet()) {
			if (entry.getKey() == null || !sourceSteps.contains(entry.getKey())) {
				throw ProblemException
					.badRequest("The mapping names step '" + entry.getKey() + "', which version " + source.getVersion()
							+ " of '" + key + "' does not have; nothing was migrated.")
					.with("step", entry.getKey());
			}
			if (entry.getValue() == null || !targetSteps.contains(entry.getValue())) {
				throw ProblemException
					.badRequest("The mapping sends '" + entry.getKey() + "' to step '" + entry.getValue()
							+ "', which version " + target.getVersion() + " of '" + key
							+ "' does not have; nothing was migrated.")
					.with("step", entry.getValue());
			}
			if (!entry.getKey().equals(entry.getValue())) {
				explicit.put(entry.getKey(), entry.getValue());
			}
		}
		return explicit;
	}

	private void checkReadiness(String key, ProcessDefinition target) {
		List<Finding> errors = this.readiness.findings(target)
			.stream()
			.filter((finding) -> finding.severity() == Severity.ERROR)
			.toList();
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "Refused by the readiness gate",
					"Version " + target.getVersion() + " of '" + key + "' fails the readiness gate with "
							+ errors.size() + " error(s) (first: " + errors.get(0).message()
							+ "); no instance is moved to it.")
				.with("findings", errors);
		}
	}

	/** Running instances of a definition with the steps each waits in. */
	private Map<String, Set<String>> waitingSteps(String definitionId) {
		Map<String, Set<String>> steps = new LinkedHashMap<>();
		for (Execution execution : this.runtimeService.createExecutionQuery()
			.processDefinitionId(definitionId)
			.list()) {
			Set<String> waiting = steps.computeIfAbsent(execution.getProcessInstanceId(),
					(id) -> new LinkedHashSet<>());
			if (execution.getActivityId() != null) {
				waiting.add(execution.getActivityId());
			}
		}
		return steps;
	}

	/**
	 * Every step some instance waits in, to where it goes: the explicit mapping, else the
	 * step of the same id when the target has it; absent when it has no target.
	 */
	private static Map<String, String> effectiveMapping(Map<String, Set<String>> waiting, Map<String, String> explicit,
			Process targetProcess) {
		Set<String> targetSteps = steps(targetProcess);
		Map<String, String> mapping = new TreeMap<>();
		waiting.values().forEach((activities) -> activities.forEach((activity) -> {
			String to = explicit.getOrDefault(activity, targetSteps.contains(activity) ? activity : null);
			if (to != null) {
				mapping.put(activity, to);
			}
		}));
		return mapping;
	}

	private static List<StepReport> steps(Map<String, Set<String>> waiting, Map<String, List<String>> problems,
			Process sourceProcess, Map<String, String> mapping) {
		Map<String, List<String>> instancesByStep = new TreeMap<>();
		waiting.forEach((instance, activities) -> activities
			.forEach((activity) -> instancesByStep.computeIfAbsent(activity, (a) -> new ArrayList<>()).add(instance)));
		List<StepReport> steps = new ArrayList<>();
		instancesByStep.forEach((activity, instances) -> {
			Set<String> reasons = new LinkedHashSet<>();
			List<String> examples = new ArrayList<>();
			int cannot = 0;
			for (String instance : instances) {
				List<String> instanceProblems = problems.get(instance);
				if (instanceProblems != null) {
					cannot++;
					reasons.addAll(instanceProblems);
					if (examples.size() < EXAMPLES) {
						examples.add(instance);
					}
				}
			}
			FlowElement element = sourceProcess.getFlowElement(activity, true);
			steps.add(new StepReport(activity, (element != null) ? element.getName() : null, mapping.get(activity),
					instances.size(), instances.size() - cannot, cannot, List.copyOf(reasons), List.copyOf(examples)));
		});
		return steps;
	}

	private static Set<String> steps(Process process) {
		Set<String> ids = new LinkedHashSet<>();
		for (FlowNode node : process.findFlowElementsOfType(FlowNode.class, true)) {
			ids.add(node.getId());
		}
		return ids;
	}

}
