package io.steadyflow.system;

import io.steadyflow.bpmn.InvalidBpmnException;
import org.flowable.bpmn.exceptions.XMLException;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.common.engine.api.FlowableIllegalStateException;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.common.engine.api.FlowableTaskAlreadyClaimedException;
import org.flowable.common.rest.exception.FlowableConflictException;
import org.flowable.common.rest.exception.FlowableContentNotSupportedException;
import org.flowable.common.engine.api.FlowableForbiddenException;
import org.slf4j.Logger;
import org.xml.sax.SAXParseException;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Engine exceptions as HTTP answers, for Steadyflow's API and for Flowable's own REST API
 * mounted at /process-api (its dispatcher's context inherits this advice). Flowable's
 * REST layer answers 500 for a concurrent change of the same instance or task and for an
 * invalid BPMN file; those are the client's to resolve, so they get 409 and 400 here. A
 * database that cannot be reached is a 503 with a Retry-After. Unknown engine failures
 * stay a 500, but without internals in the body.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EngineRestSafetyAdvice {

	private static final Logger logger = LoggerFactory.getLogger(EngineRestSafetyAdvice.class);

	@ExceptionHandler(InvalidBpmnException.class)
	ProblemDetail invalidBpmn(InvalidBpmnException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid BPMN file", ex.getMessage());
		problem.setProperty("file", ex.getFileName());
		if (ex.getLine() != null) {
			problem.setProperty("line", ex.getLine());
		}
		return problem;
	}

	@ExceptionHandler(XMLException.class)
	ProblemDetail invalidXml(XMLException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid BPMN file", "The BPMN file cannot be read: " + ex.getMessage());
	}

	/**
	 * Raised while the multipart request is read, before any controller is chosen, so
	 * only an advice that applies to every handler sees it.
	 */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ProblemDetail uploadTooLarge(MaxUploadSizeExceededException ex) {
		return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large",
				"The upload is larger than allowed (spring.servlet.multipart.max-file-size / max-request-size).");
	}

	/**
	 * Engine failures, and the database's absence however Spring reports it (before the
	 * engine is reached, a transaction cannot even begin). 503 answers carry a
	 * Retry-After.
	 */
	@ExceptionHandler({ FlowableException.class, DataAccessResourceFailureException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> answer(RuntimeException ex) {
		ProblemDetail problem;
		if (ex instanceof FlowableException engine) {
			problem = engine(engine);
		}
		else {
			logger.warn("Database unavailable: {}", ex.getMessage());
			problem = DatabaseUnavailable.problem(ex);
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus());
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			response.header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
		}
		return response.body(problem);
	}

	ProblemDetail engine(FlowableException ex) {
		// Before any other reading: a lost connection surfaces as whatever the engine was
		// doing when it broke.
		if (DatabaseUnavailable.causedBy(ex)) {
			logger.warn("Database unavailable: {}", ex.getMessage());
			return DatabaseUnavailable.problem(ex);
		}
		// An engine exception that knows its answer, e.g. the readiness gate's refusal
		// (422 with every file's findings).
		if (ex instanceof ErrorResponse answer) {
			return answer.getBody();
		}
		if (ex instanceof FlowableOptimisticLockingException) {
			return problem(HttpStatus.CONFLICT, "Concurrent modification",
					"The resource was changed by another request at the same time; reload it and try again.");
		}
		if (ex instanceof FlowableTaskAlreadyClaimedException claimed) {
			return problem(HttpStatus.CONFLICT, "Task already claimed",
					"Task " + claimed.getTaskId() + " is already claimed by " + claimed.getTaskAssignee() + ".");
		}
		if (ex instanceof FlowableObjectNotFoundException) {
			return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
		}
		if (ex instanceof FlowableForbiddenException) {
			return problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage());
		}
		if (ex instanceof FlowableConflictException || ex instanceof FlowableIllegalStateException) {
			return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage());
		}
		if (ex instanceof FlowableContentNotSupportedException) {
			return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content", ex.getMessage());
		}
		if (ex instanceof FlowableIllegalArgumentException) {
			return problem(HttpStatus.BAD_REQUEST, "Bad request", ex.getMessage());
		}
		if (isModelProblem(ex)) {
			return problem(HttpStatus.BAD_REQUEST, "Invalid BPMN file",
					"The BPMN file cannot be deployed: " + rootMessage(ex));
		}
		if (ex.getMessage() != null && ex.getMessage().startsWith("Cannot ") && ex.getMessage().contains("suspended")) {
			return problem(HttpStatus.CONFLICT, "Suspended", ex.getMessage());
		}
		logger.error("Engine failure", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The engine could not complete the request; the error has been logged.");
	}

	/**
	 * Flowable reports parse and validation failures of deployed models as plain
	 * FlowableExceptions.
	 */
	private static boolean isModelProblem(FlowableException ex) {
		// Flowable's REST layer wraps the parser's XMLException in a plain
		// FlowableException.
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof XMLException || cause instanceof SAXParseException) {
				return true;
			}
		}
		String message = ex.getMessage();
		return message != null && (message.startsWith("Errors while parsing") || message.contains("Validation set")
				|| message.contains("Could not parse"));
	}

	/**
	 * The parser's own words, without the chain of wrapper class names in front of them.
	 */
	private static String rootMessage(Throwable ex) {
		Throwable deepest = ex;
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause.getMessage() != null) {
				deepest = cause;
			}
		}
		String message = (deepest instanceof SAXParseException sax)
				? "line " + sax.getLineNumber() + ": " + sax.getMessage() : deepest.getMessage();
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
