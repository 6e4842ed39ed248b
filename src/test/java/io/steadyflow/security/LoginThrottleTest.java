package io.steadyflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login throttle on a clock of the test's own: limits per account and address and per
 * address, the lockout's end, the window, and that an attacker elsewhere cannot lock the
 * account's owner out.
 */
class LoginThrottleTest {

	MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));

	LoginThrottle throttle = new LoginThrottle(5, 20, Duration.ofMinutes(10), Duration.ofMinutes(1), this.clock);

	@Test
	void fiveFailuresOfOneAccountFromOneAddressRefuseThatPairForAMinute() {
		for (int i = 0; i < 4; i++) {
			this.throttle.failed("clara", "10.0.0.9");
			assertThat(this.throttle.refusedUntil("clara", "10.0.0.9")).isNull();
		}
		this.throttle.failed("clara", "10.0.0.9");

		assertThat(this.throttle.refusedUntil("clara", "10.0.0.9")).isEqualTo(this.clock.instant().plusSeconds(60));
		assertThat(this.throttle.refusedUntil("clara", "10.0.0.1")).as("the owner, elsewhere, is not locked out")
			.isNull();
		assertThat(this.throttle.refusedUntil("alex", "10.0.0.9")).as("other accounts from that address").isNull();

		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.throttle.refusedUntil("clara", "10.0.0.9")).isNull();
	}

	@Test
	void twentyFailuresFromOneAddressRefuseTheAddressForAnyAccount() {
		for (int i = 0; i < 20; i++) {
			this.throttle.failed("user" + i, "10.0.0.9");
		}
		assertThat(this.throttle.refusedUntil("someone-else", "10.0.0.9")).isNotNull();
		assertThat(this.throttle.refusedUntil("someone-else", "10.0.0.10")).isNull();
	}

	@Test
	void failuresOutsideTheWindowDoNotAddUp() {
		for (int i = 0; i < 4; i++) {
			this.throttle.failed("clara", "10.0.0.9");
		}
		this.clock.advance(Duration.ofMinutes(11));
		this.throttle.failed("clara", "10.0.0.9");
		assertThat(this.throttle.refusedUntil("clara", "10.0.0.9")).isNull();
	}

	@Test
	void aSuccessfulSignInClearsThePair() {
		for (int i = 0; i < 4; i++) {
			this.throttle.failed("clara", "10.0.0.9");
		}
		this.throttle.succeeded("clara", "10.0.0.9");
		this.throttle.failed("clara", "10.0.0.9");
		assertThat(this.throttle.refusedUntil("clara", "10.0.0.9")).isNull();
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
