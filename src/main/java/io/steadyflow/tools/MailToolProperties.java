package io.steadyflow.tools;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code mail} tool and notifications. The SMTP server itself is Spring Boot's
 * {@code spring.mail.*}.
 *
 * @param from the sender address of every mail Steadyflow sends
 */
@ConfigurationProperties("steadyflow.tools.mail")
public record MailToolProperties(@DefaultValue("steadyflow@localhost") String from) {
}
