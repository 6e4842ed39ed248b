package io.steadyflow.benchmark.engine.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The footprint benchmark's yardstick: a Spring Boot 3.5 application with the same
 * starters as Steadyflow (web, security, Thymeleaf, validation, actuator, JDBC, mail,
 * Flowable's process engine and REST API) and none of Steadyflow's code. Its settings are
 * {@code bare-flowable.yaml}, not Steadyflow's application.yaml.
 */
@SpringBootApplication
public class BareFlowableApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BareFlowableApplication.class);
		application.setDefaultProperties(java.util.Map.of("spring.config.name", "bare-flowable"));
		application.run(args);
	}

}
