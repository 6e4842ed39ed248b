package io.steadyflow.triggers;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of triggers from outside (docs/triggers.md). The webhooks' secrets are under
 * {@code steadyflow.webhooks.<name>.secret} (or {@code .secrets} during a rotation), see
 * {@link WebhookSecrets}.
 *
 * @param webhookTolerance how far a webhook signature's timestamp may be from the
 * server's time
 * @param webhookMaxBody the largest webhook body accepted (413 above)
 * @param queueRefresh how often the queue listeners are brought in step with the deployed
 * processes
 * @param messageSweep how often kept messages ({@code sf:messageTtl}) are delivered to
 * executions that began waiting for them without getting them right after the commit
 * @param keptMessageRetention how long a kept message's row stays after it was delivered
 * or expired (then the sweep removes it)
 */
@ConfigurationProperties("steadyflow.triggers")
public record TriggerProperties(@DefaultValue("5m") Duration webhookTolerance,
		@DefaultValue("256KB") DataSize webhookMaxBody, @DefaultValue("10s") Duration queueRefresh,
		@DefaultValue("5s") Duration messageSweep, @DefaultValue("7d") Duration keptMessageRetention) {
}
