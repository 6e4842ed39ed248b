package io.steadyflow.examples;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The demo systems the example workflows call ({@code /demo/erp}, {@code /demo/orders})
 * stand in for other companies' servers: the workflows' tools call them machine to
 * machine, without a Steadyflow user, a session or a CSRF token. They get a filter chain
 * of their own, ahead of the platform's, so that the platform's rules name no demo
 * system.
 */
@ExampleWorkflow
@Profile("demo")
@Configuration(proxyBeanMethods = false)
class DemoSystemsSecurity {

	@Bean
	@Order(0)
	SecurityFilterChain demoSystems(HttpSecurity http) throws Exception {
		http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/demo/**"))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

}
