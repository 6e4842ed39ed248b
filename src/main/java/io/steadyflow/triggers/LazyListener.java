package io.steadyflow.triggers;

import java.util.function.Supplier;

import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;

/**
 * An engine listener built at its first event: listeners are registered while the engine
 * is configured, before the engine's services that they use exist.
 */
final class LazyListener implements FlowableEventListener {

	private final Supplier<FlowableEventListener> factory;

	private volatile FlowableEventListener listener;

	LazyListener(Supplier<FlowableEventListener> factory) {
		this.factory = factory;
	}

	private FlowableEventListener listener() {
		FlowableEventListener built = this.listener;
		if (built == null) {
			synchronized (this) {
				if (this.listener == null) {
					this.listener = this.factory.get();
				}
				built = this.listener;
			}
		}
		return built;
	}

	@Override
	public void onEvent(FlowableEvent event) {
		listener().onEvent(event);
	}

	@Override
	public boolean isFailOnException() {
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

}
