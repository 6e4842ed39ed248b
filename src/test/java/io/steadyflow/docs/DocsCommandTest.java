package io.steadyflow.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs} on the command line: writes one Markdown file per process, and
 * {@code --check} fails on a hand-edited, a stale, a missing and a left-over file, and
 * passes again after regeneration.
 */
class DocsCommandTest {

	@TempDir
	Path temp;

	Path processes;

	Path out;

	@BeforeEach
	void copyTheDiagrams() throws IOException {
		this.processes = Files.createDirectories(this.temp.resolve("processes"));
		for (Path diagram : Examples.diagrams()) {
			Files.copy(diagram, this.processes.resolve(diagram.getFileName()));
		}
		this.out = this.temp.resolve("docs/processes");
	}

	@Test
	void writesOneFilePerProcessAndCheckPassesOnThem() throws IOException {
		Run written = run(this.processes.toString(), "--out", this.out.toString(), "--forms", "forms");
		assertThat(written.code()).isEqualTo(DocsCommand.OK);
		assertThat(written.out()).contains("3 files written");
		try (var files = Files.list(this.out)) {
			assertThat(files.map((file) -> file.getFileName().toString()).sorted().toList())
				.containsExactly("invoice-approval.md", "order-sync.md", "ticket-triage.md");
		}
		assertThat(Files.readString(this.out.resolve("order-sync.md"))).startsWith(MarkdownDocs.MARKER)
			.contains("# Order sync");

		Run checked = check();
		assertThat(checked.code()).isEqualTo(DocsCommand.OK);
		assertThat(checked.out()).contains("3 files in").contains("up to date");
	}

	@Test
	void checkNamesAHandEditedFileAndItsFirstDifferingLine() throws IOException {
		generate();
		Path file = this.out.resolve("ticket-triage.md");
		List<String> lines = Files.readAllLines(file);
		int edited = lines.indexOf("## Owner") + 3;
		lines.set(edited - 1, "somebody-else");
		Files.write(file, lines);

		Run checked = check();
		assertThat(checked.code()).isEqualTo(DocsCommand.DIFFERENT);
		assertThat(checked.err())
			.contains(file + ":" + edited + ": expected \"support-operations\" but found " + "\"somebody-else\"")
			.contains("regenerate it: " + DocsCommand.REGENERATE);

		generate();
		assertThat(check().code()).isEqualTo(DocsCommand.OK);
	}

	@Test
	void checkFailsWhenTheDiagramChangedSinceTheFilesWereWritten() throws IOException {
		generate();
		Path diagram = this.processes.resolve("order-sync.bpmn20.xml");
		Files.writeString(diagram,
				Files.readString(diagram).replace("name=\"Check order data\"", "name=\"Check the order's figures\""));

		Run checked = check();
		assertThat(checked.code()).isEqualTo(DocsCommand.DIFFERENT);
		assertThat(checked.err()).contains(this.out.resolve("order-sync.md") + ":")
			.contains("but found \"    - **8. Check order data** — user task (`checkOrderData`)\"")
			.doesNotContain("invoice-approval.md");

		generate();
		assertThat(check().code()).isEqualTo(DocsCommand.OK);
	}

	@Test
	void checkFailsOnAMissingAndALeftOverFile() throws IOException {
		generate();
		Files.move(this.out.resolve("invoice-approval.md"), this.out.resolve("invoice-approval-old.md"));

		Run checked = check();
		assertThat(checked.code()).isEqualTo(DocsCommand.DIFFERENT);
		assertThat(checked.err()).contains(this.out.resolve("invoice-approval.md") + ": missing")
			.contains(this.out.resolve("invoice-approval-old.md") + ": documents no process of the diagrams");
	}

	@Test
	void usageErrorsExitWithTwoAndSayWhy() throws IOException {
		assertThat(run(this.processes.toString()).err()).contains("--out DIR is missing");
		assertThat(run("--out", this.out.toString()).code()).isEqualTo(DocsCommand.USAGE);
		assertThat(run("nowhere", "--out", this.out.toString()).err()).contains("no such file or directory: nowhere");
		Files.writeString(this.processes.resolve("broken.bpmn"), "<definitions");
		Run broken = run(this.processes.toString(), "--out", this.out.toString());
		assertThat(broken.code()).isEqualTo(DocsCommand.USAGE);
		assertThat(broken.err()).contains("broken.bpmn");
		assertThat(this.out).doesNotExist();
	}

	private void generate() {
		assertThat(run(this.processes.toString(), "--out", this.out.toString(), "--forms", "forms").code())
			.isEqualTo(DocsCommand.OK);
	}

	private Run check() {
		return run("--check", this.processes.toString(), "--out", this.out.toString(), "--forms", "forms");
	}

	static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = DocsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	record Run(int code, String out, String err) {
	}

}
