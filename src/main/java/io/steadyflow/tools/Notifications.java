package io.steadyflow.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.steadyflow.system.AfterCommit;
import org.flowable.bpmn.model.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends plain-text mails once the engine's transaction has committed: a step that is
 * rolled back (and retried) sends nothing, and a mail never holds a database transaction
 * open. A mail that cannot be delivered is logged and dropped; it never fails the process
 * (the work it reports on is already committed). Delivery is therefore at most once: a
 * crash between commit and sending loses the mail, never the work.
 */
@Component
public class Notifications {

	static final String SF_NAMESPACE = "urn:steadyflow:bpmn";

	private static final Logger logger = LoggerFactory.getLogger(Notifications.class);

	private final ObjectProvider<JavaMailSender> mailSender;

	private final NotificationProperties properties;

	private final MailToolProperties mail;

	Notifications(ObjectProvider<JavaMailSender> mailSender, NotificationProperties properties,
			MailToolProperties mail) {
		this.mailSender = mailSender;
		this.properties = properties;
		this.mail = mail;
	}

	/** The page of one process instance. */
	public String instanceLink(String processInstanceId) {
		return this.properties.publicUrl().toString().replaceAll("/+$", "") + "/instances/" + processInstanceId;
	}

	/** The owner named by the process's {@code sf:owner}, or {@code null}. */
	public static String ownerOf(Process process) {
		String owner = (process != null) ? process.getAttributeValue(SF_NAMESPACE, "owner") : null;
		return (owner == null || owner.isBlank()) ? null : owner.trim();
	}

	/** The configured addresses of an owner ({@code steadyflow.owners.<owner>}). */
	public List<String> ownerAddresses(String owner) {
		if (owner == null) {
			return List.of();
		}
		return addresses(this.properties.owners().getOrDefault(owner, List.of()));
	}

	/**
	 * Sends the mail after the current transaction commits (at once outside a
	 * transaction); nothing when there are no recipients.
	 */
	public void sendAfterCommit(Collection<String> to, String subject, String text) {
		sendAfterCommit(to, subject, text, (delivered, took) -> {
		});
	}

	/**
	 * Like {@link #sendAfterCommit(Collection, String, String)}, and tells
	 * {@code delivery} after the attempt whether the mail server took the mail and how
	 * long that took (nothing when there are no recipients).
	 */
	void sendAfterCommit(Collection<String> to, String subject, String text, Delivery delivery) {
		List<String> recipients = addresses(to);
		if (recipients.isEmpty()) {
			logger.warn("Mail '{}' has no recipients; not sent", subject);
			return;
		}
		AfterCommit.run(() -> {
			long started = System.nanoTime();
			boolean delivered = send(recipients, subject, text);
			delivery.done(delivered, Duration.ofNanos(System.nanoTime() - started));
		});
	}

	/** What became of a mail. */
	@FunctionalInterface
	interface Delivery {

		void done(boolean delivered, Duration took);

	}

	/** Whether the mail server took the mail. */
	private boolean send(List<String> to, String subject, String text) {
		JavaMailSender sender = this.mailSender.getIfAvailable();
		if (sender == null) {
			logger.warn("No mail server is configured (spring.mail.host); mail '{}' to {} not sent", subject, to);
			return false;
		}
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.mail.from());
		message.setTo(to.toArray(String[]::new));
		message.setSubject(subject);
		message.setText(text);
		try {
			// MailException and anything else: the work is committed, the mail is best
			// effort.
			sender.send(message);
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Mail '{}' to {} could not be sent: {}", subject, to, ex.getMessage());
			return false;
		}
	}

	/** Trimmed, non-blank, de-duplicated addresses; entries may hold several (a,b). */
	static List<String> addresses(Collection<?> values) {
		Set<String> addresses = new LinkedHashSet<>();
		for (Object value : values) {
			if (value == null) {
				continue;
			}
			for (String address : value.toString().split("[,;\\s]+")) {
				if (!address.isBlank()) {
					addresses.add(address.trim());
				}
			}
		}
		return new ArrayList<>(addresses);
	}

}
