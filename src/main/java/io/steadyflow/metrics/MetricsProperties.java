package io.steadyflow.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Steadyflow's own metrics ({@code steadyflow_*} on {@code /actuator/prometheus}).
 *
 * @param enabled {@code false} registers none of them and no engine listener, so that a
 * benchmark can measure what they cost; Spring Boot's and the JVM's metrics stay
 * @param gaugeRefresh how long a gauge's count (open tasks, overdue tasks, incidents) is
 * reused before the database is asked again: scrapes from several Prometheus servers, or
 * a short scrape interval, must not turn into a query load
 */
@ConfigurationProperties("steadyflow.metrics")
public record MetricsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration gaugeRefresh) {
}
