package io.steadyflow.readiness;

import static io.steadyflow.readiness.Bpmn.line;
import static io.steadyflow.readiness.Bpmn.process;
import static io.steadyflow.readiness.Bpmn.userTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process: exit codes, table and JSON output. */
class LintCommandTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private Level rootLevel;

	/**
	 * The command silences logging JVM-wide, as it should in a process of its own; here
	 * it shares the JVM with application contexts that later tests start, whose logging
	 * Spring Boot does not set up again while cached contexts live.
	 */
	@BeforeEach
	void rememberLogLevel() {
		this.rootLevel = root().getLevel();
	}

	@AfterEach
	void restoreLogLevel() {
		root().setLevel(this.rootLevel);
	}

	private static Logger root() {
		return (Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private int run(String... args) {
		return LintCommand.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	private Path write(String name, String content) throws IOException {
		Path file = this.dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		return file;
	}

	@Test
	void exitsWithZeroWhenNoFileHasErrors() throws IOException {
		write("answer.bpmn", process(line(userTask("answer", "Answer request"))));
		assertThat(run(this.dir.toString())).isZero();
		assertThat(out()).contains("1 file checked: 0 errors, 0 warnings, 0 infos - all deployable");
	}

	@Test
	void exitsWithOneAndListsFindingsWhenAFileHasErrors() throws IOException {
		write("answer.bpmn", process(line(userTask("answer", "Answer request"))));
		write("nested/deeper/unowned.bpmn20.xml", process("id=\"unowned\" isExecutable=\"true\" sf:doneWhen=\"Done\"",
				line(userTask("answer", "Answer request"))));
		write("notes.txt", "not a process");
		assertThat(run(this.dir.toString())).isEqualTo(1);
		assertThat(out()).contains("FILE", "ELEMENT", "RULE", "SEVERITY", "MESSAGE")
			.containsPattern(
					"unowned\\.bpmn20\\.xml\\s+unowned\\s+\\d+\\s+owner\\s+error\\s+Process 'unowned' names no")
			.contains("2 files checked: 1 error, 0 warnings, 0 infos - 1 not deployable");
	}

	@Test
	void writesJsonReportsThatParse() throws IOException {
		Path file = write("late.bpmn",
				process(line("<userTask id=\"answer\" name=\"Answer\" flowable:candidateGroups=\"clerks\"/>")));
		assertThat(run("--format", "json", file.toString())).isZero();
		JsonNode reports = new ObjectMapper().readTree(out());
		assertThat(reports).hasSize(1);
		assertThat(reports.get(0).get("fileName").asText()).isEqualTo(file.toString());
		JsonNode finding = reports.get(0).get("findings").get(0);
		assertThat(finding.get("rule").asText()).isEqualTo("late-human-step");
		assertThat(finding.get("severity").asText()).isEqualTo("warning");
		assertThat(finding.get("processId").asText()).isEqualTo("p");
		assertThat(finding.get("elementId").asText()).isEqualTo("answer");
		assertThat(finding.get("elementName").asText()).isEqualTo("Answer");
		assertThat(finding.get("line").asInt()).isPositive();
		assertThat(finding.get("message").asText()).isNotBlank();
		assertThat(finding.get("hint").asText()).isNotBlank();
		assertThat(reports.get(0).get("warnings").asInt()).isEqualTo(1);
	}

	@Test
	void reportsUnreadableFileAsParseErrorAndExitsWithOne() throws IOException {
		Path file = write("broken.bpmn", "<definitions");
		assertThat(run("--format=json", file.toString())).isEqualTo(1);
		assertThat(new ObjectMapper().readTree(out()).get(0).get("findings").get(0).get("rule").asText())
			.isEqualTo("parse");
	}

	@Test
	void reportsDelegateBeansAsNotCheckedInfos() throws IOException {
		Path file = write("tool.bpmn", process(line(Bpmn.serviceTask("post", "Post to ERP"))));
		assertThat(run(file.toString())).isZero();
		assertThat(out()).containsPattern("post \\(Post to ERP\\)\\s+\\d+\\s+delegates-resolve\\s+info");
	}

	@Test
	void appliesConfigurationFileAndShowsTheOverride() throws IOException {
		Path file = write("unowned.bpmn", process("id=\"unowned\" isExecutable=\"true\" sf:doneWhen=\"Done\"",
				line(userTask("answer", "Answer request"))));
		Path config = write("lint.yaml", """
				steadyflow:
				  readiness:
				    processes:
				      unowned:
				        owner: warning
				""");
		assertThat(run("--config", config.toString(), file.toString())).isZero();
		assertThat(out()).contains("severity lowered from error to warning by configuration for process unowned")
			.contains("configured: owner set to warning for process unowned: 1 finding changed");
	}

	@Test
	void exitsWithTwoOnUsageErrors() throws IOException {
		assertThat(run()).isEqualTo(2);
		assertThat(err()).contains("no file or directory given").contains("Usage:");
		assertThat(run("--format", "xml", ".")).isEqualTo(2);
		assertThat(run("--colour", ".")).isEqualTo(2);
		assertThat(run(this.dir.resolve("missing").toString())).isEqualTo(2);
		Path config = write("bad.yaml", "steadyflow.readiness.rules.ownr: \"off\"\n");
		assertThat(run("--config", config.toString(), this.dir.toString())).isEqualTo(2);
		assertThat(err()).contains("unknown readiness rule 'ownr'");
	}

	@Test
	void printsUsageOnHelp() {
		assertThat(run("--help")).isZero();
		assertThat(out()).contains("Usage: java -jar steadyflow.jar lint");
	}

}
