package io.steadyflow.benchmark.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.steadyflow.support.PostgresDatabase;

/**
 * The database of one engine in one run: a new H2 file (as Steadyflow keeps its embedded
 * data, written through at every commit) or a new PostgreSQL database of its own.
 *
 * @param dataSource set only when statements are counted: then every engine gets the same
 * pool, wrapped by {@link StatementCounter}; otherwise each uses its own default
 */
record BenchDatabase(String kind, String url, String driver, String user, String password, DataSource dataSource) {

	static BenchDatabase create(String kind, String engine) {
		if ("h2".equals(kind)) {
			try {
				Path directory = Files.createTempDirectory("steadyflow-engine-bench-" + engine);
				directory.toFile().deleteOnExit();
				return new BenchDatabase(kind,
						"jdbc:h2:file:" + directory.resolve(engine) + ";AUTO_SERVER=FALSE;WRITE_DELAY=0",
						"org.h2.Driver", "sa", "", null);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		if ("postgres".equals(kind)) {
			return new BenchDatabase(kind, PostgresDatabase.fresh("engine_bench_" + engine), "org.postgresql.Driver",
					PostgresDatabase.user(), PostgresDatabase.password(), null);
		}
		throw new IllegalArgumentException("Database must be h2 or postgres; got '" + kind + "'");
	}

	BenchDatabase withDataSource(DataSource dataSource) {
		return new BenchDatabase(this.kind, this.url, this.driver, this.user, this.password, dataSource);
	}

}
