package io.steadyflow.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A request that failed because the database cannot be reached (server down, connections
 * cut, pool exhausted for longer than its connection timeout). That is no fault of the
 * request and no bug: the answer is 503 with a Retry-After, as while the application
 * starts, and the client may repeat the request once the database is back. The failed
 * transaction was rolled back — except when the connection broke during the commit
 * itself, when the server cannot know whether the database committed; a repeated start
 * with its business key then answers 409, so repeating is always safe.
 */
final class DatabaseUnavailable {

	/** Seconds a client should wait before repeating the request. */
	static final String RETRY_AFTER_SECONDS = "5";

	/**
	 * SQLState class 08: connection exception (SQL standard, used by PostgreSQL and H2).
	 */
	private static final String CONNECTION_EXCEPTION = "08";

	/** HikariCP's answer to any call on a connection it has closed as broken. */
	private static final String CLOSED_BY_POOL = "Connection is closed";

	private DatabaseUnavailable() {
	}

	/**
	 * Whether the database's absence is among the causes. Engine and Spring wrap the
	 * driver's exception several times (FlowableException, MyBatis PersistenceException,
	 * CannotCreateTransactionException), so the whole chain is read.
	 */
	static boolean causedBy(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException || cause instanceof ConnectException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
				return true;
			}
			// A connection that broke mid-transaction fails the rollback too: Spring
			// reports the rollback's failure with the original one beside it (not as its
			// cause), or, when it broke in the commit, only logs the original. The pool
			// has closed the broken connection by then and says so without an SQLState.
			if (cause instanceof TransactionSystemException rollback) {
				if (rollback.getApplicationException() != null && causedBy(rollback.getApplicationException())) {
					return true;
				}
				if (rollback.getCause() instanceof SQLException closed && CLOSED_BY_POOL.equals(closed.getMessage())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether the connection broke in the commit itself: then PostgreSQL may have
	 * committed and only its answer was lost, and no one on this side can tell. Before
	 * the commit (Spring then keeps the original failure as the application exception)
	 * the transaction surely rolled back.
	 */
	static boolean outcomeUnknown(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof TransactionSystemException failed) {
				String message = (failed.getMessage() != null) ? failed.getMessage() : "";
				return message.startsWith("Could not commit") || failed.getApplicationException() == null;
			}
		}
		return false;
	}

	static String message() {
		return "The database cannot be reached right now, so the request was not carried out. Try again in "
				+ RETRY_AFTER_SECONDS + " seconds.";
	}

	/**
	 * The answer for a request that failed for want of the database; its "outcome"
	 * property says whether the request surely was not carried out or may have been.
	 */
	static ProblemDetail problem(Throwable ex) {
		if (outcomeUnknown(ex)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"The connection to the database broke while the request was being committed, so it may or may not have been carried out. "
							+ "Look before repeating it: a start repeated with the same business key answers 409 if it was.");
			problem.setTitle("Database connection lost during commit");
			problem.setProperty("outcome", "unknown");
			return problem;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, message());
		problem.setTitle("Database unavailable");
		problem.setProperty("outcome", "not-done");
		return problem;
	}

}
