package io.steadyflow.instances;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.ai.AiProvenance;
import io.steadyflow.ai.learning.Misroutes;
import io.steadyflow.bpmn.Outcome;
import io.steadyflow.security.Caller;
import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.variable.api.history.HistoricVariableInstance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads instances from the engine's history, which holds running and ended instances
 * alike.
 */
@Service
public class InstanceQueries {

	/**
	 * Task-local variables that record a human decision (written by the decision guard).
	 */
	public static final String OUTCOME = "outcome";

	public static final String REASON = "reason";

	private final HistoryService historyService;

	private final RuntimeService runtimeService;

	private final TaskService taskService;

	private final AiProvenance aiProvenance;

	private final ObjectMapper objectMapper;

	private final RepositoryService repositoryService;

	private final JdbcTemplate jdbc;

	private final Misroutes misroutes;

	InstanceQueries(HistoryService historyService, RuntimeService runtimeService, TaskService taskService,
			AiProvenance aiProvenance, ObjectMapper objectMapper, RepositoryService repositoryService,
			JdbcTemplate jdbc, Misroutes misroutes) {
		this.misroutes = misroutes;
		this.repositoryService = repositoryService;
		this.jdbc = jdbc;
		this.historyService = historyService;
		this.runtimeService = runtimeService;
		this.taskService = taskService;
		this.aiProvenance = aiProvenance;
		this.objectMapper = objectMapper;
	}

	public InstanceView find(String instanceId, Caller caller) {
		HistoricProcessInstance instance = visibleInstance(instanceId, caller);

		Map<String, Object> variables = new TreeMap<>();
		Map<String, Map<String, Object>> taskLocal = new HashMap<>();
		for (HistoricVariableInstance variable : this.historyService.createHistoricVariableInstanceQuery()
			.processInstanceId(instanceId)
			.list()) {
			if (variable.getTaskId() == null) {
				variables.put(variable.getVariableName(), variable.getValue());
			}
			else {
				taskLocal.computeIfAbsent(variable.getTaskId(), (id) -> new LinkedHashMap<>())
					.put(variable.getVariableName(), variable.getValue());
			}
		}

		List<HistoricActivityInstance> activities = this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instanceId)
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.orderByHistoricActivityInstanceId()
			.asc()
			.list();
		List<InstanceView.Step> history = activities.stream()
			.filter((activity) -> activity.getEndTime() != null && !"sequenceFlow".equals(activity.getActivityType()))
			.filter(InstanceQueries::happened)
			.map((activity) -> {
				Map<String, Object> local = (activity.getTaskId() != null)
						? taskLocal.getOrDefault(activity.getTaskId(), Map.of()) : Map.of();
				return new InstanceView.Step(activity.getActivityId(), activity.getActivityName(),
						activity.getActivityType(), instant(activity.getStartTime()), instant(activity.getEndTime()),
						("userTask".equals(activity.getActivityType())) ? activity.getAssignee() : null,
						asString(local.get(OUTCOME)), asString(local.get(REASON)));
			})
			.toList();
		List<InstanceView.Activity> current = activities.stream()
			.filter((activity) -> activity.getEndTime() == null && !"sequenceFlow".equals(activity.getActivityType())
					&& !"boundaryEvent".equals(activity.getActivityType()))
			.map((activity) -> new InstanceView.Activity(activity.getActivityId(), activity.getActivityName(),
					activity.getActivityType(), instant(activity.getStartTime())))
			.toList();
		List<InstanceView.OpenTask> openTasks = this.taskService.createTaskQuery()
			.processInstanceId(instanceId)
			.orderByTaskCreateTime()
			.asc()
			.list()
			.stream()
			.map((task) -> new InstanceView.OpenTask(task.getId(), task.getTaskDefinitionKey(), task.getName(),
					task.getAssignee(), instant(task.getCreateTime()), instant(task.getDueDate())))
			.toList();

		return new InstanceView(instance.getId(), instance.getProcessDefinitionKey(),
				instance.getProcessDefinitionVersion(), instance.getProcessDefinitionName(), instance.getBusinessKey(),
				state(instance), instance.getStartUserId(), startedVia(instance), instant(instance.getStartTime()),
				instant(instance.getEndTime()), instance.getDeleteReason(), current, openTasks, variables, history,
				taskLog(instanceId), comments(instanceId), aiResults(instanceId), outcome(instance),
				slaBreaches(instanceId), this.misroutes.forInstance(instanceId));
	}

	/**
	 * The trigger that started the instance, as recorded by the engine's reference: its
	 * kind and name (e.g. {@code webhook:system-a-order}) and the delivery or message id.
	 */
	private static String startedVia(HistoricProcessInstance instance) {
		String type = instance.getReferenceType();
		if (type == null || !type.contains(":")) {
			return null;
		}
		String kind = type.substring(0, type.indexOf(':'));
		String id = instance.getReferenceId();
		String detail = (id == null || id.equals("-")) ? "" : switch (kind) {
			case "webhook" -> " (delivery " + id + ")";
			case "queue" -> " (message " + id + ")";
			default -> " (" + id + ")";
		};
		return kind + " " + type.substring(type.indexOf(':') + 1) + detail;
	}

	/**
	 * The outcome class of the end event the instance reached, read from the deployed
	 * diagram; {@code cancelled} for an instance that was cancelled.
	 */
	private InstanceView.Outcome outcome(HistoricProcessInstance instance) {
		if (instance.getEndTime() == null) {
			return null;
		}
		if (instance.getDeleteReason() != null) {
			return new InstanceView.Outcome(null, "Cancelled: " + instance.getDeleteReason(), Outcome.CANCELLED.id());
		}
		String endId = instance.getEndActivityId();
		FlowElement end = (endId != null)
				? this.repositoryService.getBpmnModel(instance.getProcessDefinitionId()).getFlowElement(endId) : null;
		String outcome = (end != null) ? Outcome.of(end).map(Outcome::id).orElse("unknown") : "unknown";
		return new InstanceView.Outcome(endId, (end != null) ? end.getName() : null, outcome);
	}

	private List<InstanceView.SlaBreach> slaBreaches(String instanceId) {
		return this.jdbc.query("""
				SELECT activity_id, activity_name, sla, due_at, breached_at FROM sf_sla_breach
				WHERE process_instance_id = ? ORDER BY breached_at, id""",
				(rs, row) -> new InstanceView.SlaBreach(rs.getString(1), rs.getString(2), rs.getString(3),
						rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()),
				instanceId);
	}

	private HistoricProcessInstance visibleInstance(String instanceId, Caller caller) {
		HistoricProcessInstance instance = this.historyService.createHistoricProcessInstanceQuery()
			.processInstanceId(instanceId)
			.singleResult();
		if (instance == null) {
			throw ProblemException.notFound("No process instance with id '" + instanceId + "'.");
		}
		checkMaySee(instance, caller);
		return instance;
	}

	/**
	 * The instance's process definition id, for a caller who may see the instance.
	 * @throws ProblemException 404 or 403
	 */
	public String processDefinitionId(String instanceId, Caller caller) {
		HistoricProcessInstance instance = visibleInstance(instanceId, caller);
		return instance.getProcessDefinitionId();
	}

	/**
	 * Flowable's historic task log (on with {@code enableHistoricTaskLogging}): claims,
	 * assignments, hand-overs and completions with the user who did them.
	 */
	private List<InstanceView.TaskLogEntry> taskLog(String instanceId) {
		Map<String, String> names = new HashMap<>();
		this.historyService.createHistoricTaskInstanceQuery()
			.processInstanceId(instanceId)
			.list()
			.forEach((task) -> names.put(task.getId(), task.getName()));
		return this.historyService.createHistoricTaskLogEntryQuery()
			.processInstanceId(instanceId)
			.orderByLogNumber()
			.asc()
			.list()
			.stream()
			.map((entry) -> new InstanceView.TaskLogEntry(instant(entry.getTimeStamp()), entry.getTaskId(),
					names.get(entry.getTaskId()), entry.getType(), entry.getUserId(), data(entry.getData())))
			.toList();
	}

	private List<InstanceView.Comment> comments(String instanceId) {
		return this.taskService.getProcessInstanceComments(instanceId)
			.stream()
			.sorted(java.util.Comparator.comparing(org.flowable.engine.task.Comment::getTime))
			.map((comment) -> new InstanceView.Comment(instant(comment.getTime()), comment.getTaskId(),
					comment.getUserId(), comment.getFullMessage()))
			.toList();
	}

	private Map<String, Object> data(String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		try {
			return this.objectMapper.readValue(json,
					new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
					});
		}
		catch (java.io.IOException ex) {
			return Map.of("raw", json);
		}
	}

	private List<InstanceView.AiResult> aiResults(String instanceId) {
		return this.aiProvenance.forInstance(instanceId)
			.stream()
			.map((record) -> new InstanceView.AiResult(record.activityId(), record.kind(), record.resultVariable(),
					record.modelId(), record.modelVersion(), record.inputSha256(), json(record.output()),
					record.confidence(), record.durationMs(), record.createdAt()))
			.toList();
	}

	private Object json(String text) {
		try {
			return this.objectMapper.readTree(text);
		}
		catch (JsonProcessingException ex) {
			return text;
		}
	}

	/**
	 * Boundary events are recorded while they wait; one that was cancelled because its
	 * activity ended first never happened.
	 */
	private static boolean happened(HistoricActivityInstance activity) {
		return !("boundaryEvent".equals(activity.getActivityType()) && activity.getDeleteReason() != null);
	}

	private String state(HistoricProcessInstance instance) {
		if (instance.getEndTime() != null) {
			return (instance.getDeleteReason() != null) ? "cancelled" : "completed";
		}
		ProcessInstance running = this.runtimeService.createProcessInstanceQuery()
			.processInstanceId(instance.getId())
			.singleResult();
		return (running != null && running.isSuspended()) ? "suspended" : "running";
	}

	/**
	 * Who may see an instance: operators and admins, whoever started it, and whoever is
	 * or was involved in one of its tasks (assignee, candidate, or member of a candidate
	 * group).
	 */
	private void checkMaySee(HistoricProcessInstance instance, Caller caller) {
		if (caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.OPERATOR)
				|| caller.userId().equals(instance.getStartUserId())) {
			return;
		}
		boolean involved = this.historyService.createHistoricTaskInstanceQuery()
			.processInstanceId(instance.getId())
			.taskInvolvedUser(caller.userId())
			.count() > 0;
		if (!involved && !caller.groups().isEmpty()) {
			involved = this.historyService.createHistoricTaskInstanceQuery()
				.processInstanceId(instance.getId())
				.taskInvolvedGroups(caller.groups())
				.count() > 0;
		}
		if (!involved) {
			throw ProblemException.forbidden("You are not involved in process instance " + instance.getId() + ".");
		}
	}

	private static String asString(Object value) {
		return (value != null) ? value.toString() : null;
	}

	static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
