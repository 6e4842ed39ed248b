package io.steadyflow.docs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation checked in under {@code docs/processes/} is what the diagrams in
 * {@code processes/} generate now: {@code ./mvnw verify} fails on a diagram changed
 * without regenerating, and on Markdown edited by hand.
 */
class CheckedInProcessDocsTest {

	@Test
	void docsProcessesIsWhatTheDiagramsGenerate() {
		DocsCommandTest.Run checked = DocsCommandTest.run("--check", "processes/", "--out", "docs/processes/",
				"--forms", "forms");
		assertThat(checked.code())
			.withFailMessage("docs/processes/ is not what processes/ generates:%n%s%nRegenerate it after building "
					+ "the jar (./mvnw -q -DskipTests package): %s", checked.err(), DocsCommand.REGENERATE)
			.isEqualTo(DocsCommand.OK);
	}

}
