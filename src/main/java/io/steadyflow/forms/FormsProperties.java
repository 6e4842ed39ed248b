package io.steadyflow.forms;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param location directory of the form files ({@code <formKey>.json})
 * @param processesLocation the BPMN files whose form keys and variables the forms are
 * checked against at start-up
 * @param strict whether a form problem found at start-up stops the application (the
 * default: a broken form must not reach the people who would open it) or is only logged
 */
@ConfigurationProperties("steadyflow.forms")
public record FormsProperties(@DefaultValue("./forms") Path location,
		@DefaultValue("./processes") Path processesLocation, @DefaultValue("true") boolean strict) {
}
