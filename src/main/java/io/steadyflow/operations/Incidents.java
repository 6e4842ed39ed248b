package io.steadyflow.operations;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.steadyflow.system.ProblemException;
import io.steadyflow.tools.Notifications;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;

import org.springframework.stereotype.Service;

/**
 * What operators do about failed work: see incidents (dead-letter jobs), read their stack
 * traces, retry them, and cancel instances that should not go on. Every retry and
 * cancellation is recorded as a comment on the instance, with the operator as author.
 */
@Service
class Incidents {

	/** Comment type of operator actions on an instance. */
	static final String OPERATOR_ACTION = "operatorAction";

	static final int MAX_LISTED = 500;

	static final int MAX_RETRIES = 100;

	private final ManagementService managementService;

	private final RuntimeService runtimeService;

	private final RepositoryService repositoryService;

	private final HistoryService historyService;

	private final TaskService taskService;

	private final Notifications notifications;

	Incidents(ManagementService managementService, RuntimeService runtimeService, RepositoryService repositoryService,
			HistoryService historyService, TaskService taskService, Notifications notifications) {
		this.managementService = managementService;
		this.runtimeService = runtimeService;
		this.repositoryService = repositoryService;
		this.historyService = historyService;
		this.taskService = taskService;
		this.notifications = notifications;
	}

	/** The newest incidents first, optionally of one process or one instance. */
	List<IncidentView> list(String processDefinitionKey, String processInstanceId) {
		var query = this.managementService.createDeadLetterJobQuery();
		if (processInstanceId != null) {
			query.processInstanceId(processInstanceId);
		}
		List<Job> jobs = query.orderByJobCreateTime().desc().listPage(0, MAX_LISTED * 2);
		Map<String, String> businessKeys = businessKeys(jobs);
		Map<String, ProcessDefinition> definitions = new HashMap<>();
		return jobs.stream()
			.filter((job) -> job.getProcessInstanceId() != null)
			.map((job) -> view(job, businessKeys, definitions))
			.filter((view) -> processDefinitionKey == null || processDefinitionKey.equals(view.processDefinitionKey()))
			.sorted(Comparator.comparing(IncidentView::time, Comparator.nullsLast(Comparator.reverseOrder())))
			.limit(MAX_LISTED)
			.toList();
	}

	IncidentView get(String id) {
		Job job = deadLetterJob(id);
		return view(job, businessKeys(List.of(job)), new HashMap<>());
	}

	String stacktrace(String id) {
		deadLetterJob(id);
		String stacktrace = this.managementService.getDeadLetterJobExceptionStacktrace(id);
		return (stacktrace != null) ? stacktrace : "";
	}

	/**
	 * Moves the dead-letter job back to the executable jobs with the given retries; the
	 * async executor picks it up.
	 * @return the new job's id
	 */
	String retry(String id, Integer retries) {
		if (retries == null || retries < 1 || retries > MAX_RETRIES) {
			throw ProblemException.badRequest("retries must be between 1 and " + MAX_RETRIES + ", was " + retries);
		}
		Job job = deadLetterJob(id);
		ProcessInstance instance = this.runtimeService.createProcessInstanceQuery()
			.processInstanceId(job.getProcessInstanceId())
			.singleResult();
		if (instance == null) {
			throw ProblemException.conflict("The instance of incident '" + id + "' is no longer running");
		}
		if (instance.isSuspended()) {
			throw ProblemException
				.conflict("Instance '" + instance.getId() + "' is suspended; activate it before retrying its incident");
		}
		Job moved;
		try {
			moved = this.managementService.moveDeadLetterJobToExecutableJob(id, retries);
		}
		catch (FlowableObjectNotFoundException ex) {
			throw ProblemException.conflict("Incident '" + id + "' was retried or removed meanwhile");
		}
		this.taskService.addComment(null, job.getProcessInstanceId(), OPERATOR_ACTION,
				"Retried the incident at '" + job.getElementId() + "' with " + retries + " retries");
		return moved.getId();
	}

	/**
	 * Ends a running instance. The reason is kept as the instance's delete reason in the
	 * history and as a comment naming the operator.
	 */
	void cancel(String processInstanceId, String reason) {
		if (reason == null || reason.isBlank()) {
			throw ProblemException.badRequest("A reason is required to cancel an instance");
		}
		if (reason.length() > 1000) {
			throw ProblemException.badRequest("The reason is longer than 1000 characters");
		}
		ProcessInstance instance = this.runtimeService.createProcessInstanceQuery()
			.processInstanceId(processInstanceId)
			.singleResult();
		if (instance == null) {
			HistoricProcessInstance ended = this.historyService.createHistoricProcessInstanceQuery()
				.processInstanceId(processInstanceId)
				.singleResult();
			if (ended != null) {
				throw ProblemException.conflict("Instance '" + processInstanceId + "' has already ended");
			}
			throw ProblemException.notFound("No process instance '" + processInstanceId + "'");
		}
		this.taskService.addComment(null, processInstanceId, OPERATOR_ACTION, "Cancelled: " + reason.trim());
		this.runtimeService.deleteProcessInstance(processInstanceId, reason.trim());
	}

	private Job deadLetterJob(String id) {
		Job job = this.managementService.createDeadLetterJobQuery().jobId(id).singleResult();
		if (job == null || job.getProcessInstanceId() == null) {
			throw ProblemException.notFound("No incident '" + id + "'");
		}
		return job;
	}

	private Map<String, String> businessKeys(List<Job> jobs) {
		Set<String> ids = jobs.stream()
			.map(Job::getProcessInstanceId)
			.filter((id) -> id != null)
			.collect(Collectors.toSet());
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<String, String> keys = new HashMap<>();
		this.runtimeService.createProcessInstanceQuery()
			.processInstanceIds(ids)
			.list()
			.forEach((instance) -> keys.put(instance.getId(), instance.getBusinessKey()));
		return keys;
	}

	private IncidentView view(Job job, Map<String, String> businessKeys, Map<String, ProcessDefinition> definitions) {
		ProcessDefinition definition = (job.getProcessDefinitionId() != null) ? definitions
			.computeIfAbsent(job.getProcessDefinitionId(), this.repositoryService::getProcessDefinition) : null;
		return new IncidentView(job.getId(), (definition != null) ? definition.getKey() : null,
				job.getProcessDefinitionId(), job.getProcessInstanceId(), businessKeys.get(job.getProcessInstanceId()),
				job.getElementId(), job.getElementName(), job.getExceptionMessage(),
				(job.getCreateTime() != null) ? job.getCreateTime().toInstant() : null, job.getRetries(),
				this.notifications.instanceLink(job.getProcessInstanceId()));
	}

}
