package io.steadyflow.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import org.flowable.common.engine.impl.identity.Authentication;
import org.flowable.spring.security.SpringSecurityAuthenticationContext;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what. The JSON APIs use HTTP Basic without sessions (so no CSRF exposure);
 * pages use form login with CSRF protection; the actuator endpoints HTTP Basic for
 * scrapers and load balancers. Deploying BPMN is deploying code, so only authors and
 * admins deploy; Flowable's own REST API is for admins only.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	private static final PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();

	/**
	 * Spring Security times every filter of every request, every authentication and every
	 * authorization as Micrometer observations of their own: about a tenth of the CPU of
	 * a REST call, for timings nothing here reads. Requests stay timed as a whole
	 * ({@code http.server.requests}).
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	ConfiguredUsers configuredUsers(SecurityProperties properties) {
		return new ConfiguredUsers(properties);
	}

	/**
	 * The engine takes the current user (initiator, start user, comment author) from
	 * Spring Security's context.
	 */
	@Bean
	InitializingBean engineAuthenticationContext() {
		return () -> Authentication.setAuthenticationContext(new SpringSecurityAuthenticationContext());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new RememberingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
				Duration.ofMinutes(5), Clock.systemUTC());
	}

	/**
	 * The one sign-in check, behind the login throttle: 5 failures of one account from
	 * one address, or 20 from one address, within 10 minutes refuse further attempts for
	 * a minute without checking the password (docs/web.md).
	 */
	@Bean
	AuthenticationProvider authenticationProvider(ConfiguredUsers users, PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
		passwords.setPasswordEncoder(passwordEncoder);
		return new ThrottledAuthenticationProvider(passwords,
				new LoginThrottle(5, 20, Duration.ofMinutes(10), Duration.ofMinutes(1), Clock.systemUTC()));
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
		RequestMatcher apis = new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/process-api/**"));
		http.securityMatcher(apis)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(paths.matcher("/process-api/**"))
				.hasRole(Roles.ADMIN)
				.requestMatchers(paths.matcher(HttpMethod.POST, "/api/deployments"))
				.hasAnyRole(Roles.AUTHOR, Roles.ADMIN)
				.anyRequest()
				.authenticated());
		return forMachines(http, objectMapper);
	}

	/**
	 * Actuator endpoints are read by machines (load balancers, Prometheus), so they get
	 * HTTP Basic without sessions and problem answers, never the login page. Health
	 * answers everyone with its status; its details (management.endpoint.health.roles)
	 * and everything else need credentials.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain actuatorSecurity(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
		http.securityMatcher(paths.matcher("/actuator/**"))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(paths.matcher("/actuator/health"), paths.matcher("/actuator/health/**"),
						paths.matcher("/actuator/info"))
				.permitAll()
				.requestMatchers(paths.matcher(HttpMethod.GET, "/actuator/prometheus"))
				.hasAnyRole(Roles.MONITOR, Roles.OPERATOR, Roles.ADMIN)
				.anyRequest()
				.hasAnyRole(Roles.OPERATOR, Roles.ADMIN));
		return forMachines(http, objectMapper);
	}

	/**
	 * What the API and the actuator share: HTTP Basic on every request, no session (so no
	 * CSRF exposure), and refusals as problem answers, never a redirect to the login
	 * page.
	 */
	private static SecurityFilterChain forMachines(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
		http.httpBasic((basic) -> basic.authenticationEntryPoint(apiEntryPoint(objectMapper)))
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(apiEntryPoint(objectMapper))
				.accessDeniedHandler((request, response, ex) -> writeProblem(response, objectMapper,
						HttpStatus.FORBIDDEN,
						"Your roles do not allow " + request.getMethod() + " " + request.getRequestURI() + ".")));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageSecurity(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(paths.matcher("/swagger-ui.html"), paths.matcher("/swagger-ui/**"),
					paths.matcher("/v3/api-docs/**"), paths.matcher("/error"), paths.matcher("/css/**"),
					paths.matcher("/js/**"), paths.matcher("/favicon.ico"))
			.permitAll()
			// The modeler deploys: authors and admins only, like POST /api/deployments.
			.requestMatchers(paths.matcher("/modeler"), paths.matcher("/modeler/**"))
			.hasAnyRole(Roles.AUTHOR, Roles.ADMIN)
			// Incidents: operators and admins, like /api/incidents.
			.requestMatchers(paths.matcher("/incidents"), paths.matcher("/incidents/**"))
			.hasAnyRole(Roles.OPERATOR, Roles.ADMIN)
			.anyRequest()
			.authenticated())
			// Steadyflow's own sign-in page (templates/login.html); sign-out is a POST
			// with
			// the CSRF token, from the page header.
			.formLogin((login) -> login.loginPage("/login").defaultSuccessUrl("/tasks").permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?signedOut").permitAll());
		return http.build();
	}

	/**
	 * 401 asking for credentials; 429 with Retry-After when the login throttle refused
	 * the attempt.
	 */
	private static AuthenticationEntryPoint apiEntryPoint(ObjectMapper objectMapper) {
		return (request, response, ex) -> {
			if (ex instanceof ThrottledAuthenticationProvider.SignInsRefused refused) {
				response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
				writeProblem(response, objectMapper, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins from "
						+ "your address; try again in " + refused.retryAfterSeconds() + " seconds.");
			}
			else {
				writeProblem(response, objectMapper, HttpStatus.UNAUTHORIZED,
						"Sign in with HTTP Basic authentication.");
			}
		};
	}

	private static void writeProblem(HttpServletResponse response, ObjectMapper objectMapper, HttpStatus status,
			String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"Steadyflow\"");
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		objectMapper.writeValue(response.getOutputStream(), problem);
	}

}
