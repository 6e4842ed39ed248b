package io.steadyflow.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.steadyflow.SteadyflowApplication;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the PostgreSQL benchmarks share: a database of their own on the local server
 * (127.0.0.1:5432, user postgres, trust), dropped and created again, and the application
 * started in the benchmark's JVM.
 */
public final class BenchmarkApplication {

	private BenchmarkApplication() {
	}

	/**
	 * Drops and creates the database.
	 * @return its JDBC URL
	 */
	public static String freshPostgres(String name) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
				"postgres", ""); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + name);
		}
		return "jdbc:postgresql://127.0.0.1:5432/" + name;
	}

	/**
	 * Starts Steadyflow with the properties as command-line arguments (which take
	 * precedence over application.yaml), without banner and start-up log.
	 */
	public static ConfigurableApplicationContext start(Map<String, String> properties) {
		return new SpringApplicationBuilder(SteadyflowApplication.class).bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
	}

}
