package io.steadyflow.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 with a Retry-After while the application does not accept traffic: during
 * start-up, until the processes of {@code processes/} are deployed (the start-up
 * deployment runs before Spring Boot declares the application ready), and during a
 * graceful shutdown. A client that starts an instance a second too early learns to retry
 * instead of reading a wrong "no process with key ... is deployed". The health endpoints
 * stay open, so that {@code /actuator/health/readiness} can say OUT_OF_SERVICE.
 */
@Component
class TrafficGate extends OncePerRequestFilter implements Ordered {

	static final String RETRY_AFTER_SECONDS = "5";

	private final ApplicationAvailability availability;

	TrafficGate(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@Override
	public int getOrder() {
		// before security: an unready node refuses everyone alike, without checking
		// passwords
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
				|| request.getRequestURI().startsWith(request.getContextPath() + "/actuator/")) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
					+ "\"detail\":\"Steadyflow is starting or stopping and does not accept requests yet; "
					+ "try again in " + RETRY_AFTER_SECONDS + " seconds.\"}");
	}

}
