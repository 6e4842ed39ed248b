package io.steadyflow.tasks;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.steadyflow.security.Caller;
import io.steadyflow.system.ProblemException;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.identitylink.api.IdentityLink;
import org.flowable.identitylink.api.IdentityLinkType;
import org.flowable.task.api.Task;
import org.flowable.task.api.TaskQuery;
import org.flowable.task.api.history.HistoricTaskInstance;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a person may do with tasks: see the ones assigned or offered to them, claim,
 * release and complete them. Every action checks the caller's entitlement against the
 * task's identity links; a task that is gone is told apart from one that never existed.
 */
@Service
public class TaskWork {

	private final TaskService taskService;

	private final HistoryService historyService;

	private final RuntimeService runtimeService;

	TaskWork(TaskService taskService, HistoryService historyService, RuntimeService runtimeService) {
		this.taskService = taskService;
		this.historyService = historyService;
		this.runtimeService = runtimeService;
	}

	/** Sort orders of the task list. */
	public enum Sort {

		DUE, PRIORITY, CREATED

	}

	/**
	 * Tasks assigned to the caller and tasks offered to the caller or their groups,
	 * unclaimed.
	 */
	public List<TaskView> list(Caller caller, String processKey, Sort sort, int page, int size) {
		TaskQuery query = this.taskService.createTaskQuery().taskCandidateOrAssigned(caller.userId()).active();
		if (processKey != null && !processKey.isBlank()) {
			query.processDefinitionKey(processKey);
		}
		switch (sort) {
			case PRIORITY -> query.orderByTaskPriority().desc().orderByDueDateNullsLast().asc();
			case CREATED -> query.orderByTaskCreateTime().desc();
			default -> query.orderByDueDateNullsLast().asc().orderByTaskPriority().desc();
		}
		List<Task> tasks = query.orderByTaskId().asc().listPage(page * size, size);
		return views(tasks);
	}

	public TaskView get(String taskId, Caller caller) {
		Task task = activeTask(taskId);
		checkMayWorkOn(task, caller);
		return views(List.of(task)).get(0);
	}

	@Transactional
	public TaskView claim(String taskId, Caller caller) {
		Task task = activeTask(taskId);
		if (caller.userId().equals(task.getAssignee())) {
			return views(List.of(task)).get(0);
		}
		if (task.getAssignee() != null) {
			throw ProblemException.conflict("Task " + taskId + " is already claimed by " + task.getAssignee() + ".");
		}
		checkMayWorkOn(task, caller);
		try {
			this.taskService.claim(taskId, caller.userId());
		}
		catch (FlowableObjectNotFoundException | FlowableOptimisticLockingException ex) {
			throw gone(taskId);
		}
		return get(taskId, caller);
	}

	public void unclaim(String taskId, Caller caller) {
		Task task = activeTask(taskId);
		if (!caller.userId().equals(task.getAssignee())) {
			throw ProblemException.forbidden("Only the assignee can release task " + taskId + ".");
		}
		this.taskService.unclaim(taskId);
	}

	/**
	 * Complete a task with variables. A candidate completing an unclaimed task claims it
	 * first, so that the record says who completed it.
	 */
	@Transactional
	public void complete(String taskId, Map<String, Object> variables, Caller caller) {
		Task task = activeTask(taskId);
		if (task.getAssignee() != null && !caller.userId().equals(task.getAssignee())) {
			throw ProblemException.forbidden("Task " + taskId + " is assigned to " + task.getAssignee()
					+ "; only the assignee can complete it.");
		}
		checkMayWorkOn(task, caller);
		try {
			if (task.getAssignee() == null) {
				this.taskService.claim(taskId, caller.userId());
			}
			this.taskService.complete(taskId, variables);
		}
		catch (FlowableObjectNotFoundException | FlowableOptimisticLockingException ex) {
			throw gone(taskId);
		}
	}

	private Task activeTask(String taskId) {
		Task task = this.taskService.createTaskQuery().taskId(taskId).singleResult();
		if (task == null) {
			throw gone(taskId);
		}
		if (task.isSuspended()) {
			throw ProblemException.conflict("Task " + taskId + " belongs to a suspended process instance.");
		}
		return task;
	}

	/**
	 * 409 for a task that existed and is done (saying who did it), 404 for one that never
	 * did.
	 */
	private ProblemException gone(String taskId) {
		HistoricTaskInstance done = this.historyService.createHistoricTaskInstanceQuery().taskId(taskId).singleResult();
		if (done == null) {
			return ProblemException.notFound("No task with id '" + taskId + "'.");
		}
		if (done.getEndTime() != null && "completed".equals(done.getState())) {
			return ProblemException.conflict("Task " + taskId + " was already completed by "
					+ (done.getAssignee() != null ? done.getAssignee() : "someone else") + " at "
					+ done.getEndTime().toInstant() + ".");
		}
		if (done.getEndTime() != null) {
			return ProblemException
				.conflict("Task " + taskId + " no longer exists: it ended at " + done.getEndTime().toInstant()
						+ (done.getDeleteReason() != null ? " (" + done.getDeleteReason() + ")" : "") + ".");
		}
		return ProblemException
			.conflict("Task " + taskId + " was changed by someone else at the same time; reload it.");
	}

	/**
	 * Assignee, candidate user, or member of a candidate group. Admins are not exempt:
	 * working on a task is a business act that must be attributable to an entitled
	 * person.
	 */
	void checkMayWorkOn(Task task, Caller caller) {
		if (caller.userId().equals(task.getAssignee())) {
			return;
		}
		List<IdentityLink> links = this.taskService.getIdentityLinksForTask(task.getId());
		boolean candidate = links.stream()
			.filter((link) -> IdentityLinkType.CANDIDATE.equals(link.getType()))
			.anyMatch((link) -> caller.userId().equals(link.getUserId())
					|| (link.getGroupId() != null && caller.groups().contains(link.getGroupId())));
		if (!candidate) {
			throw ProblemException.forbidden("Task " + task.getId() + " is not assigned or offered to you.");
		}
	}

	private List<TaskView> views(List<Task> tasks) {
		Set<String> instanceIds = tasks.stream()
			.map(Task::getProcessInstanceId)
			.filter(java.util.Objects::nonNull)
			.collect(Collectors.toSet());
		Map<String, ProcessInstance> instances = instanceIds.isEmpty() ? Map.of()
				: this.runtimeService.createProcessInstanceQuery()
					.processInstanceIds(instanceIds)
					.list()
					.stream()
					.collect(Collectors.toMap(ProcessInstance::getId, Function.identity()));
		return tasks.stream().map((task) -> {
			ProcessInstance instance = instances.get(task.getProcessInstanceId());
			return new TaskView(task.getId(), task.getName(), task.getTaskDefinitionKey(),
					(instance != null) ? instance.getProcessDefinitionKey() : null, task.getProcessInstanceId(),
					(instance != null) ? instance.getBusinessKey() : null, task.getAssignee(),
					instant(task.getCreateTime()), instant(task.getDueDate()), task.getPriority(), task.getFormKey());
		}).toList();
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
