package io.steadyflow.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.common.engine.impl.AbstractEngineConfiguration;

/**
 * Registers an engine event listener for the event types it handles, beside the listeners
 * other capabilities registered for the same types (the engine configuration only has a
 * setter for the whole map).
 */
public final class EngineEventListeners {

	private EngineEventListeners() {
	}

	public static void add(AbstractEngineConfiguration engine, FlowableEventListener listener,
			FlowableEngineEventType... types) {
		Map<String, List<FlowableEventListener>> typed = (engine.getTypedEventListeners() != null)
				? new HashMap<>(engine.getTypedEventListeners()) : new HashMap<>();
		for (FlowableEngineEventType type : types) {
			List<FlowableEventListener> listeners = new ArrayList<>(typed.getOrDefault(type.name(), List.of()));
			listeners.add(listener);
			typed.put(type.name(), listeners);
		}
		engine.setTypedEventListeners(typed);
	}

}
