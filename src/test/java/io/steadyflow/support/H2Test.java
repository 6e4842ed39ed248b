package io.steadyflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port, with an in-memory H2 database, the demo users,
 * the async executor off (tests run jobs themselves) and the ERP pointed at
 * {@link TestErp} (the class declares a dynamic property source that calls
 * {@link ErpProperty#register}). Every test class with this annotation shares one
 * application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:steadyflow-test;DB_CLOSE_DELAY=-1",
				"flowable.async-executor-activate=false", "steadyflow.erp.timeout=2s", "steadyflow.ai.warm-up=false",
				"steadyflow.webhooks.test-hook.secrets[0]=" + TestWebhook.OLD_SECRET,
				"steadyflow.webhooks.test-hook.secrets[1]=" + TestWebhook.SECRET })
@ActiveProfiles("demo")
public @interface H2Test {

}
