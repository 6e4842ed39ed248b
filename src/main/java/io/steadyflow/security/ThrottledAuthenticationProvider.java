package io.steadyflow.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The sign-in check of both the API (HTTP Basic) and the pages (form login), with the
 * {@link LoginThrottle} in front: a refused attempt never reaches the password check.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final LoginThrottle throttle;

	ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String account = authentication.getName();
		String address = address(authentication);
		Instant until = this.throttle.refusedUntil(account, address);
		if (until != null) {
			throw new SignInsRefused(until);
		}
		try {
			Authentication result = this.delegate.authenticate(authentication);
			this.throttle.succeeded(account, address);
			return result;
		}
		catch (BadCredentialsException ex) {
			this.throttle.failed(account, address);
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static String address(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) ? details.getRemoteAddress() : "unknown";
	}

	/** Too many failed sign-ins: refused until {@link #until()}. */
	static final class SignInsRefused extends LockedException {

		private final Instant until;

		SignInsRefused(Instant until) {
			super("Too many failed sign-ins from your address; try again later.");
			this.until = until;
		}

		Instant until() {
			return this.until;
		}

		/** Whole seconds to wait, at least one. */
		long retryAfterSeconds() {
			return Math.max(1, Duration.between(Instant.now(), this.until).toSeconds() + 1);
		}

	}

}
