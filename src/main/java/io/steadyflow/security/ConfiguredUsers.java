package io.steadyflow.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The users of {@code steadyflow.security.users}, for Spring Security and for lookups
 * such as "who are the members of group X" and "what is this user's e-mail address".
 */
public class ConfiguredUsers implements UserDetailsService {

	private final Map<String, SecurityProperties.User> users;

	ConfiguredUsers(SecurityProperties properties) {
		this.users = properties.users()
			.stream()
			.collect(Collectors.toMap(SecurityProperties.User::username, Function.identity(), (a, b) -> {
				throw new IllegalStateException("steadyflow.security.users lists user '" + a.username() + "' twice");
			}, java.util.LinkedHashMap::new));
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		SecurityProperties.User user = this.users.get(username);
		if (user == null) {
			throw new UsernameNotFoundException("No such user");
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		user.roles().forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		user.groups().forEach((group) -> authorities.add(new SimpleGrantedAuthority(Roles.GROUP_PREFIX + group)));
		return User.withUsername(user.username()).password(user.password()).authorities(authorities).build();
	}

	public Optional<SecurityProperties.User> find(String username) {
		return Optional.ofNullable(this.users.get(username));
	}

	public List<SecurityProperties.User> all() {
		return List.copyOf(this.users.values());
	}

	public List<SecurityProperties.User> membersOf(String group) {
		return this.users.values().stream().filter((user) -> user.groups().contains(group)).toList();
	}

}
