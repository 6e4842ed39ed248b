package io.steadyflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Remembers recently verified passwords for a short time. The JSON API authenticates
 * every request with HTTP Basic and no session, and a bcrypt check costs tens of
 * milliseconds of CPU: without this, password hashing dominates the API's cost. Only
 * successful checks are remembered, under a SHA-256 of the password together with its
 * stored (salted) hash, never the password itself; a changed password hash no longer
 * matches its entries.
 */
class RememberingPasswordEncoder implements PasswordEncoder {

	private static final int MAX_ENTRIES = 10_000;

	private final PasswordEncoder delegate;

	private final Duration ttl;

	private final Clock clock;

	private final Map<String, Long> verified = new LinkedHashMap<>(256, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_ENTRIES;
		}
	};

	RememberingPasswordEncoder(PasswordEncoder delegate, Duration ttl, Clock clock) {
		this.delegate = delegate;
		this.ttl = ttl;
		this.clock = clock;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return this.delegate.matches(rawPassword, encodedPassword);
		}
		String key = key(rawPassword, encodedPassword);
		long now = this.clock.millis();
		synchronized (this.verified) {
			Long until = this.verified.get(key);
			if (until != null && until > now) {
				return true;
			}
		}
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches) {
			synchronized (this.verified) {
				this.verified.put(key, now + this.ttl.toMillis());
			}
		}
		return matches;
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	private static String key(CharSequence rawPassword, String encodedPassword) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is always available", ex);
		}
	}

}
