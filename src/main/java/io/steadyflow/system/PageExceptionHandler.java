package io.steadyflow.system;

import jakarta.servlet.http.HttpServletResponse;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of page controllers ({@link WebPage}) as an error page that says what went
 * wrong: 404 for what does not exist, 403 for what is not the user's, 409 for what
 * someone else changed or finished first. Runs before the API's JSON handler.
 */
@ControllerAdvice(annotations = WebPage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(PageExceptionHandler.class);

	@ExceptionHandler(ProblemException.class)
	String problem(ProblemException ex, Model model, HttpServletResponse response) {
		return page(ex.getStatus(), ex.getMessage(), model, response);
	}

	@ExceptionHandler(AccessDeniedException.class)
	String denied(AccessDeniedException ex, Model model, HttpServletResponse response) {
		return page(HttpStatus.FORBIDDEN, "Your roles do not allow this page.", model, response);
	}

	@ExceptionHandler(FlowableObjectNotFoundException.class)
	String notFound(FlowableObjectNotFoundException ex, Model model, HttpServletResponse response) {
		return page(HttpStatus.NOT_FOUND, ex.getMessage(), model, response);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	String badArgument(MethodArgumentTypeMismatchException ex, Model model, HttpServletResponse response) {
		return page(HttpStatus.BAD_REQUEST, "'" + ex.getValue() + "' is not a valid " + ex.getName() + ".", model,
				response);
	}

	@ExceptionHandler(Exception.class)
	String other(Exception ex, Model model, HttpServletResponse response) {
		if (ex instanceof ErrorResponse error) {
			HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
			return page((status != null) ? status : HttpStatus.BAD_REQUEST, error.getBody().getDetail(), model,
					response);
		}
		if (DatabaseUnavailable.causedBy(ex)) {
			logger.warn("Database unavailable: {}", ex.getMessage());
			response.setHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS);
			return page(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.message(), model, response);
		}
		logger.error("Page request failed", ex);
		return page(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side; nothing was changed. Try again, or tell an operator.", model,
				response);
	}

	private static String page(HttpStatus status, String message, Model model, HttpServletResponse response) {
		response.setStatus(status.value());
		model.addAttribute("status", status.value());
		model.addAttribute("error", status.getReasonPhrase());
		model.addAttribute("message", message);
		return "error";
	}

}
