package io.steadyflow.ai.learning;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.ai.AiInput;
import io.steadyflow.ai.AiProvenance;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.UserTask;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.event.FlowableActivityEvent;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ActivityInstance;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Watches people correct classify steps, in the engine's transaction of the correction:
 * <ul>
 * <li>a user task marked {@code sf:aiCorrects} completes: its decision is the label a
 * person gave what the step read, kept as a candidate example when the step learns
 * ({@code sf:aiLearn});</li>
 * <li>a user task marked {@code sf:aiRoutedBy} completes with its {@code sf:aiMisroute}
 * outcome: the work was sent back as not theirs. When the step had routed it on its own
 * (its latest result was sure and no person picked the label since), that is a misroute
 * of the step; when the step learns, the return is kept as a candidate too.</li>
 * </ul>
 * Engine events rather than the task list's methods, so that a decision made through the
 * pages, the REST API, Flowable's REST API or Java counts the same.
 */
class CorrectionListener implements FlowableEventListener {

	private final AiProvenance provenance;

	private final Misroutes misroutes;

	private final Candidates candidates;

	private final ObjectMapper objectMapper;

	CorrectionListener(AiProvenance provenance, Misroutes misroutes, Candidates candidates, ObjectMapper objectMapper) {
		this.provenance = provenance;
		this.misroutes = misroutes;
		this.candidates = candidates;
		this.objectMapper = objectMapper;
	}

	@Override
	public void onEvent(FlowableEvent event) {
		if (event.getType() == FlowableEngineEventType.ACTIVITY_COMPLETED
				&& event instanceof FlowableActivityEvent activity && "userTask".equals(activity.getActivityType())) {
			Process process = ProcessDefinitionUtil.getProcess(activity.getProcessDefinitionId());
			FlowElement task = (process != null) ? process.getFlowElement(activity.getActivityId(), true) : null;
			if (task == null) {
				return;
			}
			if (LearningFields.corrects(task) != null) {
				labelled(activity, process, task);
			}
			if (LearningFields.routedBy(task) != null && LearningFields.misrouteOutcome(task) != null) {
				returned(activity, process, task);
			}
		}
	}

	/** A person gave the label at a task marked {@code sf:aiCorrects}. */
	private void labelled(FlowableActivityEvent event, Process process, FlowElement task) {
		String stepId = LearningFields.corrects(task);
		FlowElement step = process.getFlowElement(stepId, true);
		if (!LearningFields.isClassifyStep(step) || !LearningFields.learns(step, process)) {
			return;
		}
		DelegateExecution execution = execution(event.getExecutionId());
		Object label = decision(execution, task);
		if (label == null || label.toString().isBlank()) {
			return;
		}
		keep(event, step, execution, said(event.getProcessInstanceId(), stepId), label.toString(), null,
				reason(execution, task), Candidate.LABELLED);
	}

	/**
	 * A task marked {@code sf:aiRoutedBy} and {@code sf:aiMisroute} completed; when its
	 * decision is the misroute outcome, the work was sent back as not theirs.
	 */
	private void returned(FlowableActivityEvent event, Process process, FlowElement task) {
		DelegateExecution execution = execution(event.getExecutionId());
		Object outcome = decision(execution, task);
		if (outcome == null || !LearningFields.misrouteOutcome(task).equals(outcome.toString())) {
			return;
		}
		String stepId = LearningFields.routedBy(task);
		FlowElement step = process.getFlowElement(stepId, true);
		Said said = said(event.getProcessInstanceId(), stepId);
		if (!LearningFields.isClassifyStep(step) || said == null) {
			return;
		}
		List<UserTask> correcting = process.findFlowElementsOfType(UserTask.class, true)
			.stream()
			.filter((t) -> stepId.equals(LearningFields.corrects(t)))
			.toList();
		boolean autoRouted = said.sure() && !decidedSince(event.getProcessInstanceId(), correcting, said.at());
		if (autoRouted) {
			ProcessDefinition definition = ProcessDefinitionUtil.getProcessDefinition(event.getProcessDefinitionId());
			this.misroutes.record(new Misroutes.Misroute(event.getProcessInstanceId(), definition.getKey(),
					definition.getVersion(), stepId, said.label(), said.confidence(), said.labelsVersion(),
					who(event.getProcessInstanceId(), event.getActivityId()), event.getActivityId(),
					reason(execution, task), now()));
		}
		if (LearningFields.learns(step, process)) {
			keep(event, step, execution, said, null, autoRouted ? said.label() : personsLabel(execution, correcting),
					reason(execution, task), Candidate.RETURNED);
		}
	}

	private void keep(FlowableActivityEvent event, FlowElement step, DelegateExecution execution, Said said,
			String humanLabel, String rejectedLabel, String reason, String decision) {
		String input = step.getAttributeValue(LearningFields.SF_NS, "aiInput");
		String labelsFile = step.getAttributeValue(LearningFields.SF_NS, "aiLabels");
		if (input == null || labelsFile == null) {
			return;
		}
		String text = AiInput.text(execution, input);
		if (text.isBlank()) {
			return;
		}
		String processKey = ProcessDefinitionUtil.getProcessDefinition(event.getProcessDefinitionId()).getKey();
		this.candidates.record(new Candidate(Candidates.newId(), processKey, event.getProcessInstanceId(), step.getId(),
				labelsFile.strip(), (said != null) ? said.labelsVersion() : null, text,
				(said != null) ? said.label() : null, (said != null) ? said.confidence() : null,
				(said != null) ? said.sure() : null, humanLabel, rejectedLabel, reason, decision, event.getActivityId(),
				who(event.getProcessInstanceId(), event.getActivityId()), now(), Candidates.PENDING, null, null, null,
				null));
	}

	private static Object decision(DelegateExecution execution, FlowElement task) {
		String variable = LearningFields.decisionVariable(task);
		return (variable != null) ? execution.getVariable(variable) : null;
	}

	/** What the step said last in the instance, or {@code null} when it has not run. */
	private Said said(String processInstanceId, String stepId) {
		List<AiProvenance.AiRecord> records = this.provenance.forInstance(processInstanceId)
			.stream()
			.filter((record) -> stepId.equals(record.activityId()))
			.toList();
		if (records.isEmpty()) {
			return null;
		}
		AiProvenance.AiRecord last = records.get(records.size() - 1);
		JsonNode output;
		try {
			output = this.objectMapper.readTree(last.output());
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			return null;
		}
		String label = output.path("label").isTextual() ? output.path("label").asText() : null;
		String labelsVersion = output.path("labelsVersion").isTextual() ? output.path("labelsVersion").asText() : null;
		return new Said(label, last.confidence(), output.path("sure").asBoolean(false), labelsVersion,
				last.createdAt());
	}

	/**
	 * Whether a person picked the label (a correcting task ended) after the AI result.
	 */
	private static boolean decidedSince(String processInstanceId, List<UserTask> correcting, Instant since) {
		if (correcting.isEmpty()) {
			return false;
		}
		Set<String> ids = correcting.stream().map(UserTask::getId).collect(Collectors.toSet());
		return engine().getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(processInstanceId)
			.activityType("userTask")
			.finished()
			.list()
			.stream()
			.filter((activity) -> ids.contains(activity.getActivityId()))
			.map(HistoricActivityInstance::getEndTime)
			.anyMatch((end) -> end != null && !end.toInstant().isBefore(since));
	}

	/** The label the person at a correcting task gave, which routed the work. */
	private static String personsLabel(DelegateExecution execution, List<UserTask> correcting) {
		for (UserTask task : correcting) {
			String variable = task.getAttributeValue(LearningFields.SF_NS, "decision");
			Object value = (variable != null) ? execution.getVariable(variable.strip()) : null;
			if (value != null && !value.toString().isBlank()) {
				return value.toString();
			}
		}
		return null;
	}

	private static String reason(DelegateExecution execution, FlowElement task) {
		String variable = LearningFields.decisionVariable(task);
		Object reason = (variable != null) ? execution.getVariable(variable + "Reason") : null;
		return (reason != null && !reason.toString().isBlank()) ? reason.toString().strip() : null;
	}

	private static String who(String processInstanceId, String activityId) {
		ActivityInstance task = engine().getRuntimeService()
			.createActivityInstanceQuery()
			.processInstanceId(processInstanceId)
			.activityId(activityId)
			.orderByActivityInstanceStartTime()
			.desc()
			.list()
			.stream()
			.findFirst()
			.orElse(null);
		return caller((task != null) ? task.getAssignee() : null);
	}

	/**
	 * The signed-in user of the request that decides; the task's assignee when the
	 * decision comes from Java without one.
	 */
	private static String caller(String assignee) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated() && authentication.getName() != null) {
			return authentication.getName();
		}
		return assignee;
	}

	private static DelegateExecution execution(String executionId) {
		return CommandContextUtil.getExecutionEntityManager().findById(executionId);
	}

	private static ProcessEngineConfigurationImpl engine() {
		return CommandContextUtil.getProcessEngineConfiguration();
	}

	private static Instant now() {
		return engine().getClock().getCurrentTime().toInstant();
	}

	@Override
	public boolean isFailOnException() {
		// a correction that cannot be recorded must not be half-recorded: the decision
		// and its record commit together or not at all
		return true;
	}

	@Override
	public boolean isFireOnTransactionLifecycleEvent() {
		return false;
	}

	@Override
	public String getOnTransaction() {
		return null;
	}

	/** What a classify step said last in an instance. */
	private record Said(String label, Double confidence, boolean sure, String labelsVersion, Instant at) {
	}

}
