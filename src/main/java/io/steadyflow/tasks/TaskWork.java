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
import org.flowable.bpmn.model.FlowElement;
import org.flowable.common.engine.api.FlowableTaskAlreadyClaimedException;
import org.flowable.engine.HistoryService;
import org.flowable.engine.IdentityService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.identitylink.api.IdentityLink;
import org.flowable.identitylink.api.IdentityLinkType;
import org.flowable.task.api.Task;
import org.flowable.task.api.NativeTaskQuery;
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

	private final RepositoryService repositoryService;

	private final IdentityService identityService;

	TaskWork(TaskService taskService, HistoryService historyService, RuntimeService runtimeService,
			RepositoryService repositoryService, IdentityService identityService) {
		this.taskService = taskService;
		this.historyService = historyService;
		this.runtimeService = runtimeService;
		this.repositoryService = repositoryService;
		this.identityService = identityService;
	}

	/** Which of the caller's tasks a list shows. */
	public enum Scope {

		/** Assigned to the caller or offered to them and unclaimed. */
		ALL,
		/** Assigned to the caller. */
		MINE,
		/** Offered to the caller or their groups, unclaimed. */
		OFFERED

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
		return list(caller, new Filter(processKey, null, Scope.ALL), sort, page, size);
	}

	/**
	 * Which of the caller's tasks to list.
	 *
	 * @param processKey only tasks of this process, or {@code null} for all
	 * @param processInstanceId only tasks of this instance, or {@code null} for all
	 * @param scope held by the caller, offered to them, or both
	 */
	public record Filter(String processKey, String processInstanceId, Scope scope) {

		boolean byProcess() {
			return this.processKey != null && !this.processKey.isBlank();
		}

		boolean byInstance() {
			return this.processInstanceId != null && !this.processInstanceId.isBlank();
		}

	}

	/**
	 * One page of the caller's tasks. A native query, because Flowable's task query
	 * cannot leave out the tasks a four-eyes rule keeps from the caller; one SQL
	 * statement with the paging done by the database keeps it fast with many open tasks.
	 */
	public List<TaskView> list(Caller caller, String processKey, Scope scope, Sort sort, int page, int size) {
		return list(caller, new Filter(processKey, null, scope), sort, page, size);
	}

	/** One page of the caller's tasks that pass the filter. */
	public List<TaskView> list(Caller caller, Filter filter, Sort sort, int page, int size) {
		String order = switch (sort) {
			case PRIORITY -> "RES.PRIORITY_ desc, " + DUE_FIRST + ", RES.ID_";
			case CREATED -> "RES.CREATE_TIME_ desc, RES.ID_";
			default -> DUE_FIRST + ", RES.PRIORITY_ desc, RES.ID_";
		};
		NativeTaskQuery query = this.taskService.createNativeTaskQuery()
			.sql("select RES.* " + from(caller, filter) + " order by " + order);
		parameters(query, caller, filter);
		return views(query.listPage(page * size, size));
	}

	/** How many tasks {@link #list} has in all. */
	public long count(Caller caller, String processKey, Scope scope) {
		NativeTaskQuery query = this.taskService.createNativeTaskQuery()
			.sql("select count(RES.ID_) " + from(caller, new Filter(processKey, null, scope)));
		parameters(query, caller, new Filter(processKey, null, scope));
		return query.count();
	}

	/**
	 * Tasks with a due date first, earliest first; in the order of the index
	 * {@code sf_ru_task_due_first} (with the priority and id that follow it), so that
	 * PostgreSQL reads a page off the index instead of sorting every open task.
	 */
	private static final String DUE_FIRST = "RES.DUE_DATE_ asc nulls last";

	private static String from(Caller caller, Filter filter) {
		StringBuilder groups = new StringBuilder();
		for (int i = 0; i < caller.groups().size(); i++) {
			groups.append((i == 0) ? "" : ", ").append("#{group").append(i).append('}');
		}
		// Uncorrelated IN / NOT IN subqueries: the database reads the caller's identity
		// links once (PostgreSQL hashes them) instead of probing them again for every
		// open
		// task, which with 10,000 open tasks cost more than the rest of the query.
		String offered = "(RES.ASSIGNEE_ is null and RES.ID_ in (select L.TASK_ID_ from ACT_RU_IDENTITYLINK L"
				+ " where L.TYPE_ = 'candidate' and L.TASK_ID_ is not null and (L.USER_ID_ = #{userId}"
				+ (groups.isEmpty() ? "" : " or L.GROUP_ID_ in (" + groups + ")") + ")))";
		String mine = "RES.ASSIGNEE_ = #{userId}";
		String who = switch (filter.scope()) {
			case MINE -> mine;
			case OFFERED -> offered;
			default -> "(" + mine + " or " + offered + ")";
		};
		return "from ACT_RU_TASK RES where RES.SUSPENSION_STATE_ = 1 and " + who
				+ " and RES.ID_ not in (select X.TASK_ID_ from ACT_RU_IDENTITYLINK X where X.TYPE_ = '"
				+ FourEyes.EXCLUDED + "' and X.USER_ID_ = #{userId} and X.TASK_ID_ is not null)"
				+ (filter.byProcess()
						? " and RES.PROC_DEF_ID_ in (select D.ID_ from ACT_RE_PROCDEF D where D.KEY_ = #{processKey})"
						: "")
				+ (filter.byInstance() ? " and RES.PROC_INST_ID_ = #{processInstanceId}" : "");
	}

	private static void parameters(NativeTaskQuery query, Caller caller, Filter filter) {
		query.parameter("userId", caller.userId());
		for (int i = 0; i < caller.groups().size(); i++) {
			query.parameter("group" + i, caller.groups().get(i));
		}
		if (filter.byProcess()) {
			query.parameter("processKey", filter.processKey());
		}
		if (filter.byInstance()) {
			query.parameter("processInstanceId", filter.processInstanceId());
		}
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
		catch (FlowableTaskAlreadyClaimedException ex) {
			// Someone claimed it between the read above and the claim.
			throw ProblemException.conflict("Task " + taskId + " is already claimed by " + ex.getTaskAssignee() + ".");
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
		try {
			checkRights(task, caller);
		}
		catch (ProblemException | FlowableObjectNotFoundException ex) {
			// The task may have ended since it was read, taking its candidates and its
			// execution's variables with it: then the answer is that it ended (409), not
			// that the caller may not work on it.
			if (this.taskService.createTaskQuery().taskId(task.getId()).count() == 0) {
				throw gone(task.getId());
			}
			throw ex;
		}
	}

	private void checkRights(Task task, Caller caller) {
		String fourEyes = fourEyes(task).get(caller.userId());
		if (fourEyes != null) {
			throw ProblemException.forbidden(
					"Four eyes: '" + task.getName() + "' must be done by someone else, because " + fourEyes + ".");
		}
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

	/** User → why the task's four-eyes rule keeps them from it (empty without a rule). */
	Map<String, String> fourEyes(Task task) {
		if (task.getProcessDefinitionId() == null) {
			return Map.of();
		}
		FlowElement element = this.repositoryService.getBpmnModel(task.getProcessDefinitionId())
			.getFlowElement(task.getTaskDefinitionKey());
		List<String> rule = FourEyes.declared(element);
		if (rule.isEmpty()) {
			return Map.of();
		}
		HistoricProcessInstance instance = this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(task.getProcessInstanceId())
			.singleResult();
		return FourEyes.excluded(rule, (instance != null) ? instance.getStartUserId() : null,
				(key) -> this.historyService.createHistoricTaskInstanceQuery()
					.processInstanceId(task.getProcessInstanceId())
					.taskDefinitionKey(key)
					.list()
					.stream()
					.filter((other) -> !other.getId().equals(task.getId()))
					.map(HistoricTaskInstance::getAssignee)
					.filter(java.util.Objects::nonNull)
					.distinct()
					.toList());
	}

	/**
	 * The people a task can be handed to: members of its candidate groups and its
	 * candidate users, except the caller and whoever a four-eyes rule excludes.
	 */
	public List<String> handOverCandidates(String taskId, Caller caller) {
		Task task = activeTask(taskId);
		checkMayWorkOn(task, caller);
		Set<String> excluded = fourEyes(task).keySet();
		java.util.TreeSet<String> people = new java.util.TreeSet<>();
		for (IdentityLink link : this.taskService.getIdentityLinksForTask(taskId)) {
			if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
				continue;
			}
			if (link.getUserId() != null) {
				people.add(link.getUserId());
			}
			if (link.getGroupId() != null) {
				this.identityService.createUserQuery()
					.memberOfGroup(link.getGroupId())
					.list()
					.forEach((user) -> people.add(user.getId()));
			}
		}
		people.remove(caller.userId());
		people.removeAll(excluded);
		return List.copyOf(people);
	}

	/**
	 * Hand a task to another candidate: the assignee (or, while it is unclaimed, a
	 * candidate) gives it to someone who may work on it. The task log records who handed
	 * it to whom.
	 */
	@Transactional
	public TaskView handOver(String taskId, String toUserId, Caller caller) {
		Task task = activeTask(taskId);
		if (task.getAssignee() != null && !caller.userId().equals(task.getAssignee())) {
			throw ProblemException.forbidden("Task " + taskId + " is assigned to " + task.getAssignee()
					+ "; only the assignee can hand it over.");
		}
		if (toUserId == null || !handOverCandidates(taskId, caller).contains(toUserId)) {
			throw ProblemException.badRequest("'" + toUserId + "' cannot take over '" + task.getName()
					+ "': choose a member of the groups it is offered to.");
		}
		try {
			this.taskService.setAssignee(taskId, toUserId);
		}
		catch (FlowableObjectNotFoundException | FlowableOptimisticLockingException ex) {
			throw gone(taskId);
		}
		return views(List.of(activeTask(taskId))).get(0);
	}

	/** Add a comment to a task the caller may work on or could see. */
	public void comment(String taskId, String message, Caller caller) {
		Task task = activeTask(taskId);
		checkMayWorkOn(task, caller);
		if (message == null || message.isBlank()) {
			throw ProblemException.badRequest("A comment needs some text.");
		}
		if (message.length() > 4000) {
			throw ProblemException.badRequest("A comment can have at most 4000 characters.");
		}
		this.taskService.addComment(taskId, task.getProcessInstanceId(), message.strip());
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
					instant(task.getCreateTime()), instant(task.getDueDate()), task.getPriority(), task.getFormKey(),
					task.getDescription());
		}).toList();
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
