package io.steadyflow.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL database of the tests' own on the local server, created fresh once per
 * JVM. The server is taken from STEADYFLOW_TEST_PG_HOST / _PORT / _USER (defaults
 * 127.0.0.1, 5432, postgres), the database name from STEADYFLOW_TEST_PG_DATABASE (default
 * steadyflow_test); other databases on it are never touched.
 */
public final class PostgresDatabase {

	public static final String NAME = env("STEADYFLOW_TEST_PG_DATABASE", "steadyflow_test");

	private static final String HOST = env("STEADYFLOW_TEST_PG_HOST", "127.0.0.1");

	private static final String PORT = env("STEADYFLOW_TEST_PG_PORT", "5432");

	private static final String USER = env("STEADYFLOW_TEST_PG_USER", "postgres");

	private static final String PASSWORD = env("STEADYFLOW_TEST_PG_PASSWORD", "");

	private static boolean created;

	private PostgresDatabase() {
	}

	public static synchronized String url() {
		if (!created) {
			recreate();
			created = true;
		}
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + NAME;
	}

	/**
	 * A new, empty database of its own for a test that must not share the common one
	 * (e.g. several application nodes whose job executors run): {@code <NAME>_<suffix>},
	 * dropped and created again.
	 */
	public static synchronized String fresh(String suffix) {
		String name = NAME + "_" + suffix;
		recreate(name);
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
	}

	public static String user() {
		return USER;
	}

	public static String password() {
		return PASSWORD;
	}

	private static void recreate() {
		recreate(NAME);
	}

	private static void recreate(String name) {
		String admin = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
		try (Connection connection = DriverManager.getConnection(admin, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The PostgreSQL tests need a PostgreSQL server at " + HOST + ":" + PORT
					+ " where user '" + USER
					+ "' may create databases (set STEADYFLOW_TEST_PG_HOST/PORT/USER/PASSWORD): " + ex.getMessage(),
					ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
