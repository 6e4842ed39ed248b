package io.steadyflow.triggers;

import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.ACTIVITY_MESSAGE_CANCELLED;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.ACTIVITY_MESSAGE_RECEIVED;
import static org.flowable.common.engine.api.delegate.event.FlowableEngineEventType.ACTIVITY_MESSAGE_WAITING;

import java.util.ArrayList;
import java.util.List;

import io.steadyflow.system.EngineEventListeners;
import org.flowable.engine.parse.BpmnParseHandler;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the listener that records message waits with their correlation keys, and the
 * parse handler that makes receive tasks with a {@code messageRef} wait for their
 * message.
 */
@Configuration(proxyBeanMethods = false)
class TriggersEngineConfiguration {

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> triggersEngineConfigurer(
			ObjectProvider<DeployedTriggers> triggers, ObjectProvider<MessageWaits> waits,
			ObjectProvider<MessageCorrelation> correlation) {
		// The services need the engine's services, which exist only once the engine is
		// built: they are looked up at the first event.
		return (engine) -> {
			EngineEventListeners.add(engine, new LazyListener(
					() -> new MessageWaitListener(triggers.getObject(), waits.getObject(), correlation.getObject())),
					ACTIVITY_MESSAGE_WAITING, ACTIVITY_MESSAGE_RECEIVED, ACTIVITY_MESSAGE_CANCELLED);
			List<BpmnParseHandler> handlers = new ArrayList<>();
			if (engine.getPostBpmnParseHandlers() != null) {
				handlers.addAll(engine.getPostBpmnParseHandlers());
			}
			handlers.add(new MessageReceiveTask());
			engine.setPostBpmnParseHandlers(handlers);
		};
	}

}
