package io.steadyflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SteadyflowApplication {

	public static void main(String[] args) {
		SpringApplication.run(SteadyflowApplication.class, args);
	}

}
