package io.steadyflow.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Users, their groups (used by BPMN candidate groups) and their roles (what they may do
 * in Steadyflow: {@code author} deploys, {@code worker} works on tasks, {@code operator}
 * runs operations, {@code admin} all of it and Flowable's own REST API).
 *
 * @param users the configured users
 */
@Validated
@ConfigurationProperties("steadyflow.security")
public record SecurityProperties(@DefaultValue @Valid List<User> users) {

	/**
	 * @param username the login, also the user id in the engine (assignee, initiator)
	 * @param name display name
	 * @param email address for notifications
	 * @param password the password hash with its encoder prefix, e.g.
	 * {@code {bcrypt}$2a$10$...}; never a plain password
	 * @param groups groups offered tasks through BPMN candidate groups
	 * @param roles Steadyflow roles
	 */
	public record User(@NotBlank String username, String name, String email,
			@NotBlank @Pattern(regexp = "^\\{(bcrypt|argon2|pbkdf2|scrypt)\\}.+",
					message = "must be a password hash with its encoder prefix, e.g. {bcrypt}...") String password,
			@DefaultValue List<String> groups, @DefaultValue List<String> roles) {

		public String displayName() {
			return (this.name != null && !this.name.isBlank()) ? this.name : this.username;
		}

	}

}
