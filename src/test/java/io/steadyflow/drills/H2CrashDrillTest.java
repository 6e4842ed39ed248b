package io.steadyflow.drills;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill 3 ({@link H2CrashDrill}) in the test run: an acknowledged request survives a
 * crash.
 */
class H2CrashDrillTest {

	@TempDir
	Path directory;

	@Test
	void everyAcknowledgedStartAndCompletionSurvivesAKill() throws Exception {
		H2CrashDrill.Outcome outcome = new H2CrashDrill().run(this.directory);

		assertThat(outcome.databaseFiles()).isTrue();
		assertThat(outcome.started()).as("the client got work acknowledged before the kill").isGreaterThan(5);
		assertThat(outcome.lost()).as("acknowledged starts lost (of %d)", outcome.started()).isEmpty();
		assertThat(outcome.notCompleted()).as("acknowledged completions lost (of %d)", outcome.completed()).isEmpty();
	}

}
