package io.steadyflow.triggers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of webhook senders: header
 * {@code Steadyflow-Signature: t=<unix seconds>,v1=<hex>} where
 * {@code v1 = HMAC-SHA256(secret, t + "." + raw body)}. Signing the timestamp with the
 * body makes an old request useless once it is outside the tolerance; several {@code v1}
 * values and several secrets are accepted, so that a secret can be rotated without a
 * moment in which one side's signatures are refused.
 */
public final class WebhookSignature {

	public static final String HEADER = "Steadyflow-Signature";

	private WebhookSignature() {
	}

	/** Why a signature was refused (the 401's detail; never the expected value). */
	static final class Refused extends Exception {

		Refused(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Checks the header against the body with every secret, in constant time per
	 * comparison.
	 * @return the first matching signature (hex), usable as a replay key
	 * @throws Refused when the header is missing or malformed, the timestamp is outside
	 * the tolerance, or no signature matches
	 */
	static String verify(String header, byte[] body, List<String> secrets, Instant now, Duration tolerance)
			throws Refused {
		if (header == null || header.isBlank()) {
			throw new Refused("The request has no " + HEADER + " header.");
		}
		Long timestamp = null;
		List<byte[]> signatures = new ArrayList<>();
		for (String part : header.split(",")) {
			String[] pair = part.strip().split("=", 2);
			if (pair.length != 2) {
				continue;
			}
			if (pair[0].equals("t")) {
				try {
					timestamp = Long.parseLong(pair[1]);
				}
				catch (NumberFormatException ex) {
					throw new Refused("The " + HEADER + " timestamp is not a number of seconds.");
				}
			}
			else if (pair[0].equals("v1")) {
				try {
					signatures.add(HexFormat.of().parseHex(pair[1]));
				}
				catch (IllegalArgumentException ex) {
					// a malformed value matches nothing
				}
			}
		}
		if (timestamp == null || signatures.isEmpty()) {
			throw new Refused("The " + HEADER + " header must be t=<unix seconds>,v1=<hex HMAC-SHA256>.");
		}
		if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
			throw new Refused("The signature's timestamp is more than " + tolerance.toSeconds()
					+ " seconds from the server's time; sign each delivery when it is sent.");
		}
		byte[] signed = signedPayload(timestamp, body);
		for (String secret : secrets) {
			byte[] expected = hmac(secret, signed);
			for (byte[] signature : signatures) {
				if (MessageDigest.isEqual(expected, signature)) {
					return HexFormat.of().formatHex(signature);
				}
			}
		}
		throw new Refused("The signature does not match the body with the webhook's secret.");
	}

	/** The header a sender sends for the body at the given time. */
	public static String sign(String secret, long timestamp, byte[] body) {
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret, signedPayload(timestamp, body)));
	}

	private static byte[] signedPayload(long timestamp, byte[] body) {
		byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
		byte[] signed = new byte[prefix.length + body.length];
		System.arraycopy(prefix, 0, signed, 0, prefix.length);
		System.arraycopy(body, 0, signed, prefix.length, body.length);
		return signed;
	}

	private static byte[] hmac(String secret, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
