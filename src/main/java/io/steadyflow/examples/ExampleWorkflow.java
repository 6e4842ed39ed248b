package io.steadyflow.examples;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Marks a bean of the example workflows: it exists only while
 * {@code steadyflow.examples.enabled} is {@code true}, the default. Every component and
 * configuration-properties class under {@code io.steadyflow.examples} carries it (the
 * architecture test checks), so that one setting switches the examples' delegates, their
 * demo systems and their configuration off together; the start-up deployment skips the
 * diagrams marked {@code sf:example="true"} under the same setting.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(prefix = "steadyflow.examples", name = "enabled", havingValue = "true", matchIfMissing = true)
public @interface ExampleWorkflow {

}
