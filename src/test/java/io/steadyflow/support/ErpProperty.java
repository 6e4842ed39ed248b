package io.steadyflow.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Dynamic properties shared by the integration tests.
 */
public final class ErpProperty {

	private ErpProperty() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("steadyflow.erp.base-url", TestErp::baseUrl);
	}

	public static void registerPostgres(DynamicPropertyRegistry registry) {
		register(registry);
		registry.add("spring.datasource.url", PostgresDatabase::url);
		registry.add("spring.datasource.username", PostgresDatabase::user);
		registry.add("spring.datasource.password", PostgresDatabase::password);
	}

}
