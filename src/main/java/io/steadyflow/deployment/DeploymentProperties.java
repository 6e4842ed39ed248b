package io.steadyflow.deployment;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param processesLocation directory whose {@code *.bpmn} and {@code *.bpmn20.xml} files
 * are deployed at start-up
 * @param deployAtStartup whether to deploy that directory at start-up
 */
@ConfigurationProperties("steadyflow.deployment")
record DeploymentProperties(@DefaultValue("./processes") Path processesLocation,
		@DefaultValue("true") boolean deployAtStartup) {
}
