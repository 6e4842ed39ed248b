package io.steadyflow.benchmark.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

/**
 * Counts the SQL statements an engine sends, per statement shape (verb and table), and
 * the round trips and commits: a JDBC proxy around the pool, used only in the benchmark's
 * statement-count pass, never while timing. A statement added to a JDBC batch counts as a
 * statement; the batch's execution as one round trip.
 */
final class StatementCounter {

	private static final Map<String, LongAdder> STATEMENTS = new ConcurrentHashMap<>();

	private static final LongAdder ROUND_TRIPS = new LongAdder();

	private static final LongAdder COMMITS = new LongAdder();

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate");

	private StatementCounter() {
	}

	static DataSource wrap(DataSource dataSource) {
		return proxy(DataSource.class, dataSource, (target, method, args) -> {
			Object result = invoke(target, method, args);
			return (result instanceof Connection connection) ? connection(connection) : result;
		});
	}

	/** Statements per shape, round trips and commits since the last reset. */
	static Snapshot snapshotAndReset() {
		Map<String, Long> statements = new TreeMap<>();
		STATEMENTS.forEach((shape, count) -> statements.put(shape, count.sumThenReset()));
		statements.values().removeIf((count) -> count == 0);
		return new Snapshot(statements, ROUND_TRIPS.sumThenReset(), COMMITS.sumThenReset());
	}

	private static Connection connection(Connection connection) {
		return proxy(Connection.class, connection, (target, method, args) -> {
			if ("commit".equals(method.getName())) {
				COMMITS.increment();
			}
			Object result = invoke(target, method, args);
			if (result instanceof PreparedStatement prepared && args != null && args[0] instanceof String sql) {
				return statement(PreparedStatement.class, prepared, sql);
			}
			if (result instanceof Statement statement && !(result instanceof PreparedStatement)) {
				return statement(Statement.class, statement, null);
			}
			return result;
		});
	}

	private static <T extends Statement> T statement(Class<T> type, T statement, String preparedSql) {
		return proxy(type, statement, (target, method, args) -> {
			String name = method.getName();
			String sql = (preparedSql != null) ? preparedSql
					: (args != null && args.length > 0 && args[0] instanceof String given) ? given : null;
			if (EXECUTIONS.contains(name) || "addBatch".equals(name)) {
				if (sql != null) {
					STATEMENTS.computeIfAbsent(shape(sql), (key) -> new LongAdder()).increment();
				}
			}
			if (EXECUTIONS.contains(name) || "executeBatch".equals(name)) {
				ROUND_TRIPS.increment();
			}
			return invoke(target, method, args);
		});
	}

	/** "insert ACT_HI_ACTINST", "select ACT_RU_TASK", ... */
	static String shape(String sql) {
		String[] words = sql.strip().split("\\s+");
		String verb = words[0].toLowerCase(Locale.ROOT);
		String anchor = switch (verb) {
			case "insert" -> "into";
			case "update" -> "update";
			default -> "from";
		};
		for (int i = 0; i < words.length - 1; i++) {
			if (words[i].equalsIgnoreCase(anchor) && !words[i + 1].startsWith("(")) {
				return verb + " " + words[i + 1].toUpperCase(Locale.ROOT);
			}
		}
		return verb + " ?";
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
		InvocationHandler invocation = (proxy, method, args) -> handler.handle(target, method, args);
		return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type }, invocation);
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@FunctionalInterface
	private interface Handler<T> {

		Object handle(T target, Method method, Object[] args) throws Throwable;

	}

	record Snapshot(Map<String, Long> statements, long roundTrips, long commits) {

		long total() {
			return this.statements.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
