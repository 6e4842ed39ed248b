package io.steadyflow.triggers;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.engine.impl.bpmn.behavior.IntermediateCatchMessageEventActivityBehavior;
import org.flowable.engine.impl.bpmn.behavior.MultiInstanceActivityBehavior;
import org.flowable.engine.impl.bpmn.parser.BpmnParse;
import org.flowable.engine.impl.bpmn.parser.handler.AbstractBpmnParseHandler;

/**
 * Makes a {@code <receiveTask messageRef="...">} wait for its message the way a message
 * catch event does. BPMN says a receive task waits for a message; Flowable parses the
 * {@code messageRef} but only waits for {@code RuntimeService.trigger}. With the
 * message's subscription, the task gets messages through the same path as a catch event:
 * {@code POST /api/messages}, webhooks and queues, correlation keys and kept messages
 * ({@link MessageWaitListener}), and its timer boundary events cancel the subscription
 * with the task. A receive task without a {@code messageRef} keeps Flowable's behaviour.
 * <p>
 * Registered as a post-parse handler, after Flowable's own, which has already wrapped a
 * multi-instance task: the wrapper keeps it and gets the message behaviour inside.
 */
class MessageReceiveTask extends AbstractBpmnParseHandler<ReceiveTask> {

	@Override
	public Class<? extends BaseElement> getHandledType() {
		return ReceiveTask.class;
	}

	@Override
	protected void executeParse(BpmnParse bpmnParse, ReceiveTask task) {
		String message = TriggerAttributes.receiveTaskMessage(bpmnParse.getBpmnModel(), task);
		if (message == null) {
			return;
		}
		MessageEventDefinition definition = new MessageEventDefinition();
		definition.setMessageRef(message);
		IntermediateCatchMessageEventActivityBehavior behavior = new IntermediateCatchMessageEventActivityBehavior(
				definition);
		if (task.getBehavior() instanceof MultiInstanceActivityBehavior multiInstance) {
			multiInstance.setInnerActivityBehavior(behavior);
		}
		else {
			task.setBehavior(behavior);
		}
	}

}
