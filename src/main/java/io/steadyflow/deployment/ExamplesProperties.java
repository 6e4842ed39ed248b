package io.steadyflow.deployment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The example workflows' switch, as the start-up deployment sees it.
 *
 * @param enabled {@code false}: the diagrams marked {@code sf:example="true"} are not
 * deployed at start-up (the example workflows' own beans and demo systems are switched
 * off by the same setting)
 */
@ConfigurationProperties("steadyflow.examples")
record ExamplesProperties(@DefaultValue("true") boolean enabled) {
}
