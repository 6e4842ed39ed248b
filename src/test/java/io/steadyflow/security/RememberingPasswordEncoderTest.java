package io.steadyflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class RememberingPasswordEncoderTest {

	final AtomicInteger checks = new AtomicInteger();

	final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

	final PasswordEncoder counting = new PasswordEncoder() {
		@Override
		public String encode(CharSequence raw) {
			return RememberingPasswordEncoderTest.this.bcrypt.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			RememberingPasswordEncoderTest.this.checks.incrementAndGet();
			return RememberingPasswordEncoderTest.this.bcrypt.matches(raw, encoded);
		}
	};

	@Test
	void verifiedPasswordIsNotHashedAgainUntilItsEntryExpires() {
		MutableClock clock = new MutableClock();
		RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(this.counting, Duration.ofMinutes(5),
				clock);
		String hash = this.bcrypt.encode("secret");

		assertThat(encoder.matches("secret", hash)).isTrue();
		assertThat(encoder.matches("secret", hash)).isTrue();
		assertThat(this.checks).hasValue(1);

		clock.advance(Duration.ofMinutes(6));
		assertThat(encoder.matches("secret", hash)).isTrue();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void wrongPasswordsAreNeverRememberedAndAlwaysChecked() {
		RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(this.counting, Duration.ofMinutes(5),
				new MutableClock());
		String hash = this.bcrypt.encode("secret");

		assertThat(encoder.matches("guess", hash)).isFalse();
		assertThat(encoder.matches("guess", hash)).isFalse();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void aChangedPasswordHashDoesNotAcceptTheOldPassword() {
		RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(this.counting, Duration.ofMinutes(5),
				new MutableClock());
		assertThat(encoder.matches("old", this.bcrypt.encode("old"))).isTrue();

		assertThat(encoder.matches("old", this.bcrypt.encode("new"))).isFalse();
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
