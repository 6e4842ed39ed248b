package io.steadyflow;

import java.util.Arrays;

import io.steadyflow.readiness.LintCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SteadyflowApplication {

	public static void main(String[] args) {
		// The readiness linter's command line runs without the application, so it starts
		// fast and needs neither a database nor a free port.
		if (args.length > 0 && "lint".equals(args[0])) {
			LintCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		SpringApplication.run(SteadyflowApplication.class, args);
	}

}
