package io.steadyflow.triggers;

import java.time.Duration;
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
 * the delivery claims it ({@link MessageCorrelation}). It also removes the rows of
 * messages delivered or expired longer ago than
 * {@code steadyflow.triggers.kept-message-retention}, at most every
 * {@value #PURGE_MINUTES} minutes, so the table holds what may still be delivered and the
 * recent past, not every message ever kept.
 */
@Component
class KeptMessageSweep implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(KeptMessageSweep.class);

	/** How often the rows past their retention are removed (a scan of the table). */
	static final int PURGE_MINUTES = 10;

	private static final Duration PURGE_EVERY = Duration.ofMinutes(PURGE_MINUTES);

	private final MessageCorrelation correlation;

	private long lastPurge = System.nanoTime() - PURGE_EVERY.toNanos();

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
			if (System.nanoTime() - this.lastPurge >= PURGE_EVERY.toNanos()) {
				this.lastPurge = System.nanoTime();
				int removed = this.correlation.purge(this.properties.keptMessageRetention());
				if (removed > 0) {
					logger.info("{} delivered or expired kept message(s) removed", removed);
				}
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
