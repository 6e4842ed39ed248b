package io.steadyflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Like {@link H2Test}, but on the real PostgreSQL server, in a database of the tests' own
 * ({@link PostgresDatabase}). The class declares a dynamic property source that calls
 * {@link ErpProperty#registerPostgres}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "flowable.async-executor-activate=false", "steadyflow.erp.timeout=2s",
				"steadyflow.ai.warm-up=false", "steadyflow.webhooks.test-hook.secrets[0]=" + TestWebhook.OLD_SECRET,
				"steadyflow.webhooks.test-hook.secrets[1]=" + TestWebhook.SECRET })
@ActiveProfiles({ "postgres", "demo" })
public @interface PostgresTest {

}
