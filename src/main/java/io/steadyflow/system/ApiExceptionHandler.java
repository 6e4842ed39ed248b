package io.steadyflow.system;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of Steadyflow's own JSON API as RFC 9457 problems: a status that says whose
 * fault it is and a message that names the problem. Never a stack trace.
 */
@RestControllerAdvice(basePackages = "io.steadyflow")
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> problem(ProblemException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.getStatus());
		if (ex.getLocation() != null) {
			response.header(HttpHeaders.LOCATION, ex.getLocation().toString());
		}
		return response.body(ex.toProblemDetail());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ProblemDetail accessDenied(AccessDeniedException ex) {
		return withTitle(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage()), "Forbidden");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		// e.g. a commit whose connection broke: not a bug, the client may repeat it later
		if (DatabaseUnavailable.causedBy(ex)) {
			logger.warn("Database unavailable: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS)
				.body(DatabaseUnavailable.problem(ex));
		}
		logger.error("Unexpected error", ex);
		return ResponseEntity.internalServerError()
			.body(withTitle(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"An unexpected error occurred; it has been logged."), "Internal error"));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, org.springframework.http.HttpStatusCode status,
			org.springframework.web.context.request.WebRequest request) {
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + ": " + error.getDefaultMessage())
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				detail.isEmpty() ? "The request is invalid." : detail);
		problem.setTitle("Invalid request");
		return ResponseEntity.badRequest().body(problem);
	}

	private static ProblemDetail withTitle(ProblemDetail problem, String title) {
		problem.setTitle(title);
		return problem;
	}

}
