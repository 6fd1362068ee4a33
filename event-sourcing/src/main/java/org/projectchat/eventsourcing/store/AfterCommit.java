package org.projectchat.eventsourcing.store;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** What must happen only once the surrounding transaction has committed (a signal, a metric, a live push). */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code action} after the surrounding transaction commits, or now if there is none (it has just committed). */
    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
