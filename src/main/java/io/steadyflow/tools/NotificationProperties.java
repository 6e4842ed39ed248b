package io.steadyflow.tools;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where notifications go and what they link to.
 *
 * @param publicUrl the address people reach Steadyflow at; mails link to
 * {@code <publicUrl>/instances/<id>}
 * @param owners e-mail addresses per process owner ({@code sf:owner} of a process), e.g.
 * {@code steadyflow.owners.finance-operations=fin-ops@example.com}
 */
@ConfigurationProperties("steadyflow")
public record NotificationProperties(@DefaultValue("http://localhost:8080") URI publicUrl,
		Map<String, List<String>> owners) {

	public NotificationProperties {
		owners = (owners != null) ? Map.copyOf(owners) : Map.of();
	}

}
