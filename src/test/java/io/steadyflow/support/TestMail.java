package io.steadyflow.support;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SMTP server in the test JVM (GreenMail), one per JVM on a free port.
 */
public final class TestMail {

	/** One mail as received: recipients, subject and plain-text body. */
	public record Mail(List<String> to, String subject, String body) {
	}

	private static final TestMail INSTANCE = new TestMail();

	private final GreenMail greenMail;

	private TestMail() {
		this.greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.greenMail.start();
	}

	public static TestMail get() {
		return INSTANCE;
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> INSTANCE.greenMail.getSmtp().getPort());
	}

	public int smtpPort() {
		return this.greenMail.getSmtp().getPort();
	}

	public void reset() {
		try {
			this.greenMail.purgeEmailFromAllMailboxes();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Every mail received so far, one entry per recipient's copy. */
	public List<Mail> received() {
		return Arrays.stream(this.greenMail.getReceivedMessages()).map(TestMail::mail).toList();
	}

	/** The mails in one recipient's mailbox, in the order they arrived. */
	public List<Mail> receivedBy(String address) {
		GreenMailUser user = this.greenMail.getUserManager().getUserByEmail(address);
		if (user == null) {
			return List.of();
		}
		try {
			MailFolder inbox = this.greenMail.getManagers().getImapHostManager().getInbox(user);
			return inbox.getMessages().stream().map((stored) -> mail(stored.getMimeMessage())).toList();
		}
		catch (FolderException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Mail mail(MimeMessage message) {
		try {
			Address[] to = message.getRecipients(Message.RecipientType.TO);
			List<String> addresses = (to != null) ? Arrays.stream(to).map(Address::toString).sorted().toList()
					: List.of();
			return new Mail(addresses, message.getSubject(), GreenMailUtil.getBody(message).replace("\r\n", "\n"));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
