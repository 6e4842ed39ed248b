package io.steadyflow.security;

import java.util.HashSet;
import java.util.Set;

import org.flowable.idm.api.Group;
import org.flowable.engine.IdentityService;
import org.flowable.idm.api.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Mirrors the configured users and group memberships into Flowable's identity tables, so
 * that the engine's own group lookups (candidate-user queries, Flowable's REST API) agree
 * with Steadyflow's configuration. Configuration is the source of truth: memberships it
 * no longer lists are removed. Passwords are not copied; sign-in goes through Spring
 * Security only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdentityMirror implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(IdentityMirror.class);

	private final IdentityService identityService;

	private final ConfiguredUsers users;

	IdentityMirror(IdentityService identityService, ConfiguredUsers users) {
		this.identityService = identityService;
		this.users = users;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (SecurityProperties.User configured : this.users.all()) {
			User user = this.identityService.createUserQuery().userId(configured.username()).singleResult();
			if (user == null) {
				user = this.identityService.newUser(configured.username());
			}
			user.setDisplayName(configured.displayName());
			user.setFirstName(configured.displayName());
			user.setEmail(configured.email());
			this.identityService.saveUser(user);
			Set<String> current = new HashSet<>();
			this.identityService.createGroupQuery()
				.groupMember(configured.username())
				.list()
				.forEach((group) -> current.add(group.getId()));
			for (String groupId : configured.groups()) {
				if (this.identityService.createGroupQuery().groupId(groupId).singleResult() == null) {
					Group group = this.identityService.newGroup(groupId);
					group.setName(groupId);
					group.setType("assignment");
					this.identityService.saveGroup(group);
				}
				if (!current.remove(groupId)) {
					this.identityService.createMembership(configured.username(), groupId);
				}
			}
			current.forEach((stale) -> this.identityService.deleteMembership(configured.username(), stale));
		}
		logger.info("Identity: {} configured users mirrored to the engine", this.users.all().size());
	}

}
