package io.steadyflow;

import java.util.Arrays;

import io.steadyflow.docs.DocsCommand;
import io.steadyflow.readiness.LintCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SteadyflowApplication {

	public static void main(String[] args) {
		// The readiness linter's and the documentation's command lines run without the
		// application, so they start fast and need neither a database nor a free port.
		if (args.length > 0 && "lint".equals(args[0])) {
			LintCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && "docs".equals(args[0])) {
			DocsCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		SpringApplication.run(SteadyflowApplication.class, args);
	}

}
