package io.steadyflow.system;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request that cannot be served as asked, with the status and a message a user can act
 * on. Rendered as an RFC 9457 problem by {@link ApiExceptionHandler}.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private URI location;

	public ProblemException(HttpStatus status, String title, String detail) {
		super(detail);
		this.status = status;
		this.title = title;
	}

	public static ProblemException notFound(String detail) {
		return new ProblemException(HttpStatus.NOT_FOUND, "Not found", detail);
	}

	public static ProblemException conflict(String detail) {
		return new ProblemException(HttpStatus.CONFLICT, "Conflict", detail);
	}

	public static ProblemException forbidden(String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, "Forbidden", detail);
	}

	public static ProblemException badRequest(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "Bad request", detail);
	}

	/** Adds a machine-readable member to the problem body. */
	public ProblemException with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	/** Points the client at an existing resource (sent as the Location header). */
	public ProblemException location(URI location) {
		this.location = location;
		return this;
	}

	public HttpStatus getStatus() {
		return this.status;
	}

	/** The machine-readable members added with {@link #with(String, Object)}. */
	public Map<String, Object> getProperties() {
		return java.util.Collections.unmodifiableMap(this.properties);
	}

	public URI getLocation() {
		return this.location;
	}

	ProblemDetail toProblemDetail() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, getMessage());
		problem.setTitle(this.title);
		this.properties.forEach(problem::setProperty);
		return problem;
	}

}
