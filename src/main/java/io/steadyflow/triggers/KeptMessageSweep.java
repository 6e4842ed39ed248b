package io.steadyflow.triggers;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every {@code steadyflow.triggers.message-sweep}, delivers kept messages
 * ({@code sf_message_buffer}) to the one execution that waits for each: those that the
 * hand-over right after a commit missed (too many at once, a node stopped between the
 * commit and the hand-over). Nodes sweeping at the same time deliver each message once:
 * the delivery claims it ({@link MessageCorrelation}).
 */
@Component
class KeptMessageSweep implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(KeptMessageSweep.class);

	private final MessageCorrelation correlation;

	private final TriggerProperties properties;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "steadyflow-kept-messages");
		thread.setDaemon(true);
		return thread;
	});

	KeptMessageSweep(MessageCorrelation correlation, TriggerProperties properties) {
		this.correlation = correlation;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		long interval = this.properties.messageSweep().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
	}

	private void sweep() {
		try {
			int delivered = this.correlation.sweep();
			if (delivered > 0) {
				logger.info("{} kept message(s) delivered by the sweep", delivered);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Kept messages not swept: {}", ex.getMessage());
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
