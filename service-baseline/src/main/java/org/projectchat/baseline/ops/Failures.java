package org.projectchat.baseline.ops;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.io.IOException;

/**
 * Whether a failure is the world's (a server down or slow: wait and try again, however long it takes) or the
 * record's own (it will fail the same way every time: set it aside). A consumer never skips the first kind, or a
 * projection would lose events during an outage.
 */
public final class Failures {

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof CannotCreateTransactionException || t instanceof IOException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t.getClass().getName().startsWith("org.postgresql.util.PSQLException") && isConnectionState(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A lock waited for in vain: a deadlock, or a lock timeout (PostgreSQL's 55P03 lock_not_available, which Spring
     * leaves uncategorised). Trying again after a moment is the answer.
     */
    public static boolean isLockNotAvailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PessimisticLockingFailureException
                    || t instanceof java.sql.SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's class and message, for a one-line log. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** PostgreSQL's connection-exception class of SQL states (08...) and "admin shutdown" (57P01). */
    private static boolean isConnectionState(Throwable t) {
        String state = t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
