package io.steadyflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing. Failed sign-ins are counted per account and client
 * address, and per client address alone; past a limit within a window, further attempts
 * of that pair (or that address) are refused for a while without the password being
 * checked at all — so guessing costs no CPU (a bcrypt check costs tens of milliseconds),
 * and the limits bound how many guesses an address gets.
 * <p>
 * Keyed by account and address, not by account alone: an attacker elsewhere cannot lock
 * the account's owner out. A successful sign-in clears the pair. The counts live in
 * memory, per node, bounded in size (the oldest entries go first); a restart forgets
 * them. Neither passwords nor their hashes are kept or logged.
 */
final class LoginThrottle {

	private static final Logger logger = LoggerFactory.getLogger(LoginThrottle.class);

	private static final int MAX_ENTRIES = 20_000;

	private final int accountLimit;

	private final int addressLimit;

	private final Duration window;

	private final Duration lockout;

	private final Clock clock;

	private final Map<String, Failures> failures = new LinkedHashMap<>(256, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
			return size() > MAX_ENTRIES;
		}
	};

	/**
	 * @param accountLimit failed sign-ins of one account from one address within the
	 * window before that pair is refused
	 * @param addressLimit failed sign-ins from one address (any account) within the
	 * window before the address is refused
	 * @param window how long failures count
	 * @param lockout how long refused attempts are refused
	 */
	LoginThrottle(int accountLimit, int addressLimit, Duration window, Duration lockout, Clock clock) {
		this.accountLimit = accountLimit;
		this.addressLimit = addressLimit;
		this.window = window;
		this.lockout = lockout;
		this.clock = clock;
	}

	/** When the attempt may be made again, or {@code null} when it may be made now. */
	synchronized Instant refusedUntil(String account, String address) {
		Instant now = this.clock.instant();
		Instant pair = lockedUntil(pairKey(account, address), now);
		Instant whole = lockedUntil(addressKey(address), now);
		if (pair == null) {
			return whole;
		}
		return (whole == null || pair.isAfter(whole)) ? pair : whole;
	}

	synchronized void failed(String account, String address) {
		Instant now = this.clock.instant();
		if (count(pairKey(account, address), this.accountLimit, now)) {
			logger.warn("Sign-ins of account '{}' from {} refused for {} after {} failures", account, address,
					this.lockout, this.accountLimit);
		}
		if (count(addressKey(address), this.addressLimit, now)) {
			logger.warn("Sign-ins from {} refused for {} after {} failures", address, this.lockout, this.addressLimit);
		}
	}

	synchronized void succeeded(String account, String address) {
		this.failures.remove(pairKey(account, address));
	}

	private Instant lockedUntil(String key, Instant now) {
		Failures entry = this.failures.get(key);
		return (entry != null && entry.lockedUntil != null && now.isBefore(entry.lockedUntil)) ? entry.lockedUntil
				: null;
	}

	/** Counts a failure; true when it starts a lockout. */
	private boolean count(String key, int limit, Instant now) {
		Failures entry = this.failures.get(key);
		if (entry == null || now.isAfter(entry.since.plus(this.window))
				|| (entry.lockedUntil != null && !now.isBefore(entry.lockedUntil))) {
			entry = new Failures(now);
			this.failures.put(key, entry);
		}
		entry.count++;
		if (entry.count >= limit && entry.lockedUntil == null) {
			entry.lockedUntil = now.plus(this.lockout);
			return true;
		}
		return false;
	}

	private static String pairKey(String account, String address) {
		return "account\u0000" + account + "\u0000" + address;
	}

	private static String addressKey(String address) {
		return "address\u0000" + address;
	}

	private static final class Failures {

		final Instant since;

		int count;

		Instant lockedUntil;

		Failures(Instant since) {
			this.since = since;
		}

	}

}
