package io.steadyflow.operations;

import java.util.List;

import io.steadyflow.tools.Notifications;
import org.flowable.bpmn.model.Process;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.AbstractFlowableEventListener;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.job.api.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails the process owner ({@code sf:owner}, addresses from {@code steadyflow.owners})
 * when a job has failed its last retry and become a dead-letter job: once per incident,
 * with a link to the instance. The mail leaves after the transaction that made the
 * incident commits. A process without an owner address is logged instead.
 */
class IncidentNotifier extends AbstractFlowableEventListener {

	private static final Logger logger = LoggerFactory.getLogger(IncidentNotifier.class);

	private final Notifications notifications;

	IncidentNotifier(Notifications notifications) {
		this.notifications = notifications;
	}

	@Override
	public void onEvent(FlowableEvent event) {
		if (event.getType() != FlowableEngineEventType.JOB_MOVED_TO_DEADLETTER
				|| !(event instanceof FlowableEngineEntityEvent entityEvent)
				|| !(entityEvent.getEntity() instanceof Job job) || job.getProcessInstanceId() == null) {
			return;
		}
		if (job.getProcessDefinitionId() == null) {
			// A job of the engine's own that names an instance but no step of a process,
			// such as a part of a batch migration (its failure shows in the migration's
			// progress): there is no step to name and no owner to tell.
			logger.warn("Job {} ({}) for instance {} failed and is a dead-letter job: {}", job.getId(),
					job.getJobHandlerType(), job.getProcessInstanceId(), job.getExceptionMessage());
			return;
		}
		Process process = ProcessDefinitionUtil.getProcess(job.getProcessDefinitionId());
		ProcessDefinition definition = ProcessDefinitionUtil.getProcessDefinition(job.getProcessDefinitionId());
		String owner = Notifications.ownerOf(process);
		List<String> to = this.notifications.ownerAddresses(owner);
		String processName = (definition.getName() != null) ? definition.getName() : definition.getKey();
		String step = (job.getElementName() != null) ? job.getElementName() : job.getElementId();
		logger.warn("Incident in {} ({}) at '{}': {}", definition.getKey(), job.getProcessInstanceId(), step,
				job.getExceptionMessage());
		if (to.isEmpty()) {
			logger.warn("Process '{}' has no owner address (steadyflow.owners.{}); incident not mailed",
					definition.getKey(), owner);
			return;
		}
		ExecutionEntity instance = CommandContextUtil.getExecutionEntityManager().findById(job.getProcessInstanceId());
		String businessKey = (instance != null) ? instance.getBusinessKey() : null;
		String subject = "Incident: " + processName + " stopped at '" + step + "'";
		String text = """
				A step of the process "%s" failed on every retry. The instance waits there, nothing is lost,
				until an operator retries the step or cancels the instance.

				Process:      %s (version %d)
				Instance:     %s
				Business key: %s
				Step:         %s (%s)
				Error:        %s
				Incident:     %s

				Open: %s
				""".formatted(processName, definition.getKey(), definition.getVersion(), job.getProcessInstanceId(),
				(businessKey != null) ? businessKey : "-", step, job.getElementId(), job.getExceptionMessage(),
				job.getId(), this.notifications.instanceLink(job.getProcessInstanceId()));
		this.notifications.sendAfterCommit(to, subject, text);
	}

	@Override
	public boolean isFailOnException() {
		// A notification problem must never undo the incident itself.
		return false;
	}

}
