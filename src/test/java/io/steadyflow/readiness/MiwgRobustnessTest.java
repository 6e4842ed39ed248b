package io.steadyflow.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the OMG MIWG conformance corpus goes through the linter without an
 * exception, and comes out with findings (these are mostly descriptive models) or with a
 * single clear parse error.
 */
class MiwgRobustnessTest {

	static List<Path> miwgFiles() throws IOException {
		Path corpus = Path.of("..", "shared", "conformance", "miwg").toAbsolutePath().normalize();
		assertThat(corpus).as("the MIWG corpus is expected beside the project at %s", corpus).isDirectory();
		try (Stream<Path> files = Files.walk(corpus)) {
			List<Path> bpmn = files.filter(Files::isRegularFile)
				.filter(MiwgRobustnessTest::isBpmnFile)
				.sorted()
				.toList();
			assertThat(bpmn).as("BPMN files under %s", corpus).isNotEmpty();
			return bpmn;
		}
	}

	static boolean isBpmnFile(Path file) {
		String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		return name.endsWith(".bpmn") || name.endsWith(".xml");
	}

	@TestFactory
	Stream<DynamicTest> everyMiwgFileGivesFindingsOrOneParseError() throws IOException {
		ReadinessLinter linter = ReadinessLinter.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(),
				null);
		return miwgFiles().stream().map((file) -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
			BpmnSource source = new BpmnSource(file.toString(), Files.readAllBytes(file));
			assertThatCode(() -> linter.lint(source)).doesNotThrowAnyException();
			FileReport report = linter.lint(source);
			assertThat(report.findings()).isNotEmpty();
			if (report.findings().stream().anyMatch((finding) -> finding.rule().equals("parse"))) {
				assertThat(report.findings()).singleElement()
					.satisfies((finding) -> assertThat(finding.message()).isNotBlank());
			}
			assertThat(report.findings()).allSatisfy((finding) -> {
				assertThat(finding.rule()).isNotBlank();
				assertThat(finding.message()).isNotBlank();
				assertThat(finding.hint()).isNotBlank();
			});
		}));
	}

}
