package io.steadyflow.triggers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The webhooks' secrets, {@code steadyflow.webhooks.<name>.secret} and
 * {@code steadyflow.webhooks.<name>.secrets} (a list, while a secret is rotated), from
 * the environment in production (e.g. {@code STEADYFLOW_WEBHOOKS_SHOPORDER_SECRET}).
 */
@Component
public class WebhookSecrets {

	/** The configuration prefix. */
	public static final String PREFIX = "steadyflow.webhooks";

	private final Map<String, Hook> hooks;

	WebhookSecrets(Environment environment) {
		this.hooks = configured(Binder.get(environment));
	}

	/**
	 * One webhook's secrets.
	 *
	 * @param secret the current secret
	 * @param secrets further accepted secrets (during a rotation)
	 */
	public record Hook(String secret, List<String> secrets) {

		List<String> all() {
			List<String> all = new ArrayList<>();
			if (this.secret != null && !this.secret.isBlank()) {
				all.add(this.secret);
			}
			if (this.secrets != null) {
				this.secrets.stream().filter((s) -> s != null && !s.isBlank()).forEach(all::add);
			}
			return all;
		}

	}

	/** The names of the webhooks that have at least one secret. */
	public static Set<String> names(Binder binder) {
		return Set.copyOf(configured(binder).keySet());
	}

	private static Map<String, Hook> configured(Binder binder) {
		Map<String, Hook> bound = binder.bind(PREFIX, Bindable.mapOf(String.class, Hook.class)).orElse(Map.of());
		return Map.copyOf(bound.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().all().isEmpty())
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
	}

	List<String> secrets(String name) {
		Hook hook = this.hooks.get(name);
		return (hook != null) ? hook.all() : List.of();
	}

}
