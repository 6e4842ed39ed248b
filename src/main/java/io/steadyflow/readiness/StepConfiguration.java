package io.steadyflow.readiness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.steadyflow.ai.AiProperties;
import io.steadyflow.tools.HttpStepFields;
import io.steadyflow.triggers.BrokerSettings;
import io.steadyflow.triggers.WebhookSecrets;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * What the environment configures for the steps' tools, for the rules that compare a
 * diagram against it ({@code tool-config}, {@code ai-config}). Read with the same keys
 * and defaults as the tools' own configuration; {@code null} parts are not known (the
 * command line without an application), and the checks that need them are skipped.
 *
 * @param http the {@code httpTool}'s systems, secrets and largest timeout, or
 * {@code null}
 * @param labelsLocation the folder of the AI labels files, or {@code null}
 * @param extractionSchemas the names of the application's extraction schemas, asked when
 * a diagram is checked (they are beans), or {@code null}
 * @param triggers the configured webhook secrets and broker, or {@code null}
 */
record StepConfiguration(HttpStepFields.Configured http, Path labelsLocation, Supplier<Set<String>> extractionSchemas,
		Triggers triggers) {

	static final StepConfiguration UNKNOWN = new StepConfiguration(null, null, null, null);

	/**
	 * What the environment configures for triggers.
	 *
	 * @param webhookSecrets the webhook names that have a secret
	 * @param brokerConfigured whether a RabbitMQ broker is configured
	 */
	record Triggers(Set<String> webhookSecrets, boolean brokerConfigured) {
	}

	StepConfiguration(HttpStepFields.Configured http, Path labelsLocation) {
		this(http, labelsLocation, null, null);
	}

	StepConfiguration(HttpStepFields.Configured http, Path labelsLocation, Supplier<Set<String>> extractionSchemas) {
		this(http, labelsLocation, extractionSchemas, null);
	}

	static StepConfiguration from(Binder binder, Supplier<Set<String>> extractionSchemas) {
		Bindable<Map<String, String>> names = Bindable.mapOf(String.class, String.class);
		Map<String, String> systems = binder.bind("steadyflow.tools.http.systems", names).orElse(Map.of());
		Map<String, String> secrets = binder.bind("steadyflow.tools.http.secrets", names).orElse(Map.of());
		// the default of HttpToolProperties.maxTimeout
		Duration maxTimeout = binder.bind("steadyflow.tools.http.max-timeout", Duration.class)
			.orElse(Duration.ofSeconds(20));
		Path labels = binder.bind("steadyflow.ai", AiProperties.class)
			.map(AiProperties::labelsLocation)
			.orElse(Path.of("./processes"));
		return new StepConfiguration(new HttpStepFields.Configured(systems.keySet(), secrets.keySet(), maxTimeout),
				labels, extractionSchemas,
				new Triggers(WebhookSecrets.names(binder), BrokerSettings.configured(binder)));
	}

}
