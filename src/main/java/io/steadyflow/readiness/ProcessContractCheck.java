package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.isBlank;
import static io.steadyflow.readiness.ProcessView.label;

import java.util.Collection;
import java.util.function.Function;

import io.steadyflow.bpmn.Outcome;
import io.steadyflow.bpmn.ServiceLevel;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.ConditionalEventDefinition;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.Signal;
import org.flowable.bpmn.model.SignalEventDefinition;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.TimerEventDefinition;
import org.flowable.bpmn.model.UserTask;

/**
 * The process as a whole: who is accountable ({@code owner}), what "done" means
 * ({@code definition-of-done}) and what starts it ({@code clear-trigger}).
 */
final class ProcessContractCheck implements ReadinessCheck {

	@Override
	public void check(ProcessView view, Findings findings) {
		Process process = view.process();
		if (isBlank(process.getAttributeValue(ProcessView.SF_NS, "owner"))) {
			findings.add(ReadinessRule.OWNER, Severity.ERROR, process, process,
					"Process '" + process.getId() + "' names no accountable owner"
							+ ProcessView.misplacedAttributeNote(process, "owner"),
					"Add sf:owner=\"<team or person>\" to <process id=\"" + process.getId()
							+ "\">, with xmlns:sf=\"urn:steadyflow:bpmn\" declared on <definitions>.");
		}
		if (isBlank(process.getAttributeValue(ProcessView.SF_NS, "doneWhen"))) {
			findings.add(ReadinessRule.DEFINITION_OF_DONE, Severity.ERROR, process, process,
					"Process '" + process.getId() + "' does not state its measurable outcome"
							+ ProcessView.misplacedAttributeNote(process, "doneWhen"),
					"Add sf:doneWhen=\"<the outcome that counts as done, e.g. 'invoice paid or rejected with a reason'>\" to <process>.");
		}
		for (EndEvent end : view.elements(EndEvent.class)) {
			if (isBlank(end.getName())) {
				findings.add(ReadinessRule.DEFINITION_OF_DONE, Severity.WARNING, process, end,
						"End event " + end.getId() + " is not named for the outcome it represents",
						"Name the end event after its outcome, e.g. 'Invoice paid' or 'Request rejected'.");
			}
			checkOutcome(process, end, findings);
		}
		checkServiceLevel(process, process, findings);
		for (UserTask task : view.elements(UserTask.class)) {
			checkServiceLevel(process, task, findings);
		}
		checkTriggers(view, findings);
	}

	/**
	 * The done rate is ended-as-done over ended: every end event that can end the process
	 * must say which class of ending it is.
	 */
	private static void checkOutcome(Process process, EndEvent end, Findings findings) {
		if (!Outcome.endsTheProcess(end)) {
			return;
		}
		String value = end.getAttributeValue(ProcessView.SF_NS, Outcome.ATTRIBUTE);
		String valid = String.join(", ", Outcome.ids());
		if (isBlank(value)) {
			findings.add(ReadinessRule.OUTCOME, Severity.ERROR, process, end,
					"End event " + ProcessView.label(end) + " does not declare its outcome class"
							+ ProcessView.misplacedAttributeNote(end, Outcome.ATTRIBUTE),
					"Add sf:outcome=\"done\" when reaching it meets the definition of done (sf:doneWhen), "
							+ "otherwise one of " + valid + ".");
		}
		else if (Outcome.of(value).isEmpty()) {
			findings.add(
					ReadinessRule.OUTCOME, Severity.ERROR, process, end, "End event " + ProcessView.label(end)
							+ " declares the unknown outcome class '" + value.strip() + "'",
					"Use one of " + valid + " (docs/operations.md).");
		}
	}

	private static void checkServiceLevel(Process process, BaseElement element, Findings findings) {
		try {
			ServiceLevel.of(element);
		}
		catch (IllegalArgumentException ex) {
			String where = (element instanceof Process) ? "Process '" + process.getId() + "'"
					: "User task " + ProcessView.label((FlowElement) element);
			findings.add(ReadinessRule.SERVICE_LEVEL, Severity.ERROR, process, element, where + ": " + ex.getMessage(),
					"Write the time it should take as an ISO-8601 duration, e.g. sf:sla=\"P2D\" (2 days) or "
							+ "sf:sla=\"PT4H\" (4 hours).");
		}
	}

	private void checkTriggers(ProcessView view, Findings findings) {
		Process process = view.process();
		boolean topLevelStart = process.getFlowElements().stream().anyMatch(StartEvent.class::isInstance);
		if (!topLevelStart) {
			findings.add(ReadinessRule.CLEAR_TRIGGER, Severity.ERROR, process, process,
					"Process '" + process.getId() + "' has no start event, so nothing says how it begins",
					"Add a start event named for its trigger (e.g. 'Invoice received'), with a timer, message or signal definition when it is not started by hand or by API.");
		}
		for (StartEvent start : view.elements(StartEvent.class)) {
			// The none start event of an embedded sub-process is only its entry point;
			// the
			// trigger is the flow into the sub-process.
			boolean isTrigger = start.getSubProcess() == null || start.getSubProcess() instanceof EventSubProcess;
			if (isTrigger && isBlank(start.getName())) {
				findings.add(ReadinessRule.CLEAR_TRIGGER, Severity.ERROR, process, start,
						"Start event " + start.getId() + " is not named, so the diagram does not say what starts "
								+ ((start.getSubProcess() != null) ? "this event sub-process" : "the process"),
						"Name the start event after its trigger, e.g. 'Invoice received' or 'Every Monday 08:00'.");
			}
			for (EventDefinition definition : start.getEventDefinitions()) {
				checkDefinition(view.model(), process, start, definition, findings);
			}
		}
	}

	private void checkDefinition(BpmnModel model, Process process, StartEvent start, EventDefinition definition,
			Findings findings) {
		if (definition instanceof TimerEventDefinition timer && isBlank(timer.getTimeDate())
				&& isBlank(timer.getTimeCycle()) && isBlank(timer.getTimeDuration())) {
			findings.add(ReadinessRule.CLEAR_TRIGGER, Severity.ERROR, process, start,
					"Timer start event " + label(start) + " has no date, cycle or duration",
					"Add <timeCycle>R/P1D</timeCycle> (ISO 8601 repetition or a cron expression), <timeDate> or <timeDuration> to its timerEventDefinition.");
		}
		else if (definition instanceof MessageEventDefinition message && isBlank(message.getMessageExpression())) {
			String problem = missingReference(message.getMessageRef(), model.getMessages(), Message::getId,
					Message::getName);
			if (problem != null) {
				findings.add(ReadinessRule.CLEAR_TRIGGER, Severity.ERROR, process, start,
						"Message start event " + label(start) + " " + problem.replace("%s", "message"),
						"Declare <message id=\"...\" name=\"...\"/> under <definitions> and reference it with messageRef.");
			}
		}
		else if (definition instanceof SignalEventDefinition signal && isBlank(signal.getSignalExpression())) {
			String problem = missingReference(signal.getSignalRef(), model.getSignals(), Signal::getId,
					Signal::getName);
			if (problem != null) {
				findings.add(ReadinessRule.CLEAR_TRIGGER, Severity.ERROR, process, start,
						"Signal start event " + label(start) + " " + problem.replace("%s", "signal"),
						"Declare <signal id=\"...\" name=\"...\"/> under <definitions> and reference it with signalRef.");
			}
		}
		else if (definition instanceof ConditionalEventDefinition conditional
				&& isBlank(conditional.getConditionExpression())) {
			findings.add(ReadinessRule.CLEAR_TRIGGER, Severity.ERROR, process, start,
					"Conditional start event " + label(start) + " has no condition",
					"Add <condition xsi:type=\"tFormalExpression\">${...}</condition> to its conditionalEventDefinition.");
		}
	}

	/**
	 * Null when the reference names a declared message or signal. Modelers write the
	 * reference with or without a namespace prefix, and Flowable may have replaced it by
	 * the declared name, so all of these count.
	 */
	private static <T> String missingReference(String ref, Collection<T> declared, Function<T, String> id,
			Function<T, String> name) {
		if (isBlank(ref)) {
			return "does not reference a %s";
		}
		String local = ref.substring(ref.lastIndexOf(':') + 1);
		for (T candidate : declared) {
			String candidateId = id.apply(candidate);
			String candidateName = name.apply(candidate);
			if (ref.equals(candidateId) || ref.equals(candidateName)
					|| (candidateId != null && local.equals(candidateId.substring(candidateId.lastIndexOf(':') + 1)))) {
				return null;
			}
		}
		return "references %s '" + ref + "', which is not declared in the file";
	}

}
