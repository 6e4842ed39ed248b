package io.steadyflow.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.apache.ibatis.exceptions.PersistenceException;
import org.flowable.common.engine.api.FlowableException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that cannot be reached is answered 503 with a Retry-After and a message a
 * client can act on, however deep the driver's exception is wrapped; other database
 * errors stay a 500. The database outage drill (DatabaseOutageDrill) shows it end to end.
 */
class DatabaseUnavailableTest {

	final EngineRestSafetyAdvice engineAdvice = new EngineRestSafetyAdvice();

	final ApiExceptionHandler apiHandler = new ApiExceptionHandler();

	@Test
	void poolWithoutConnectionBeforeTheEngineIsA503WithRetryAfter() {
		ResponseEntity<ProblemDetail> answer = this.engineAdvice
			.answer(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
					new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
		assertUnavailable(answer);
	}

	@Test
	void connectionLostInsideTheEngineIsA503() {
		FlowableException wrapped = new FlowableException("Could not update",
				new PersistenceException("### Error updating database",
						new SQLException("An I/O error occurred while sending to the backend.", "08006")));
		assertUnavailable(this.engineAdvice.answer(wrapped));
	}

	@Test
	void noConnectionInOurOwnCodeIsA503() {
		assertUnavailable(this.apiHandler
			.unexpected(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", (SQLException) null)));
	}

	@Test
	void failedRollbackAfterALostConnectionIsA503() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(new FlowableException("Could not insert", new PersistenceException(
				new SQLException("An I/O error occurred while sending to the backend.", "08006"))));
		assertUnavailable(this.apiHandler.unexpected(rollback));
	}

	@Test
	void commitThatLostItsConnectionIsA503WhoseOutcomeIsUnknown() {
		assertOutcomeUnknown(this.apiHandler.unexpected(new TransactionSystemException(
				"Could not commit JDBC transaction", new SQLException("This connection has been closed.", "08003"))));
		// when the rollback fails too, Spring only logs the commit's exception and throws
		// the rollback's
		assertOutcomeUnknown(this.apiHandler.unexpected(
				new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))));
	}

	private static void assertOutcomeUnknown(ResponseEntity<ProblemDetail> answer) {
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(answer.getBody().getTitle()).isEqualTo("Database connection lost during commit");
		assertThat(answer.getBody().getProperties()).containsEntry("outcome", "unknown");
		assertThat(answer.getBody().getDetail()).contains("may or may not have been carried out");
	}

	@Test
	void otherDatabaseErrorsStayAServerError() {
		FlowableException duplicate = new FlowableException("Could not insert",
				new SQLException("duplicate key value violates unique constraint", "23505"));
		assertThat(this.engineAdvice.answer(duplicate).getStatusCode().value()).isEqualTo(500);
		assertThat(this.apiHandler.unexpected(new IllegalStateException("bug")).getStatusCode().value()).isEqualTo(500);
	}

	private static void assertUnavailable(ResponseEntity<ProblemDetail> answer) {
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(answer.getBody().getTitle()).isEqualTo("Database unavailable");
		assertThat(answer.getBody().getProperties()).containsEntry("outcome", "not-done");
		assertThat(answer.getBody().getDetail()).contains("database cannot be reached")
			.doesNotContain("SQL")
			.doesNotContain("Hikari");
	}

}
