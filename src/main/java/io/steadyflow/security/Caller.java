package io.steadyflow.security;

import java.util.List;
import java.util.Set;

/**
 * The authenticated user of the current request, as the engine sees them.
 *
 * @param userId the user id (assignee, initiator, candidate user)
 * @param groups the candidate groups the user belongs to
 * @param roles the user's Steadyflow roles
 */
public record Caller(String userId, List<String> groups, Set<String> roles) {

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

	public boolean isAdmin() {
		return hasRole(Roles.ADMIN);
	}

}
