package io.steadyflow.system;

import org.flowable.common.engine.impl.cfg.TransactionContext;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.common.engine.impl.context.Context;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work once the current transaction has committed: inside an engine command after
 * the engine's transaction commits, inside a Spring transaction after it commits, and at
 * once outside any transaction. What a rolled-back (and retried) step did is never
 * reported: mails, counters and events that must say "this happened" go through here.
 */
public final class AfterCommit {

	private AfterCommit() {
	}

	public static void run(Runnable work) {
		TransactionContext engineTransaction = Context.getTransactionContext();
		if (engineTransaction != null) {
			engineTransaction.addTransactionListener(TransactionState.COMMITTED, (commandContext) -> work.run());
		}
		else if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					work.run();
				}
			});
		}
		else {
			work.run();
		}
	}

}
