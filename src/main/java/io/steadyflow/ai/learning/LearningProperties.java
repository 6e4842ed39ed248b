package io.steadyflow.ai.learning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Learning from people's corrections of classify steps (docs/ai.md).
 *
 * @param retention how long candidate examples (with the texts they quote) are kept
 * @param purgeInterval how often expired candidates are deleted
 */
@ConfigurationProperties("steadyflow.ai.learning")
public record LearningProperties(@DefaultValue("180d") Duration retention, @DefaultValue("1h") Duration purgeInterval) {

}
