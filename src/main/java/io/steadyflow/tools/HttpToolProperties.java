package io.steadyflow.tools;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code http} tool's configuration: what a BPMN file may refer to by name but never
 * contain itself.
 *
 * @param timeout how long one call may take (connect and answer) unless the step sets its
 * own {@code timeout} field
 * @param maxTimeout the longest timeout a step may ask for; it must stay well below the
 * async executor's job lock time, or another node could run the same job concurrently
 * @param systems base URLs by system name (field {@code system}), so that a diagram says
 * {@code system="order-source"} and each environment says where that is
 * @param secrets bearer tokens by name (field {@code auth}), taken from the environment
 * (e.g. {@code STEADYFLOW_TOOLS_HTTP_SECRETS_ERP_TOKEN}); a diagram names a secret, never
 * holds one
 */
@ConfigurationProperties("steadyflow.tools.http")
public record HttpToolProperties(@DefaultValue("10s") Duration timeout, @DefaultValue("20s") Duration maxTimeout,
		Map<String, URI> systems, Map<String, String> secrets) {

	public HttpToolProperties {
		systems = (systems != null) ? Map.copyOf(systems) : Map.of();
		secrets = (secrets != null) ? Map.copyOf(secrets) : Map.of();
	}

}
