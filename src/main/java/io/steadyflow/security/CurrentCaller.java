package io.steadyflow.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, from Spring Security's context: groups are
 * authorities prefixed {@code GROUP_}, roles are prefixed {@code ROLE_}.
 */
@Component
public class CurrentCaller {

	public Caller get() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			throw new AuthenticationCredentialsNotFoundException("Not signed in");
		}
		return from(authentication);
	}

	static Caller from(Authentication authentication) {
		List<String> groups = new ArrayList<>();
		Set<String> roles = new HashSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name.startsWith(Roles.GROUP_PREFIX)) {
				groups.add(name.substring(Roles.GROUP_PREFIX.length()));
			}
			else if (name.startsWith("ROLE_")) {
				roles.add(name.substring("ROLE_".length()));
			}
		}
		return new Caller(authentication.getName(), List.copyOf(groups), Set.copyOf(roles));
	}

}
