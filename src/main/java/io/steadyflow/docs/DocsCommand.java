package io.steadyflow.docs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.forms.FormCatalog;
import io.steadyflow.forms.FormDefinition;
import io.steadyflow.forms.FormsProperties;
import io.steadyflow.readiness.LintCommand;
import org.flowable.bpmn.model.BpmnModel;
import org.slf4j.LoggerFactory;

/**
 * {@code steadyflow docs [--check] [--forms DIR] --out DIR PATH...}: writes the
 * documentation of every process in the given BPMN files as Markdown, one
 * {@code <process id>.md} per process, without starting the application. With
 * {@code --check} it writes nothing and compares instead: exit code 1, naming the file
 * and its first differing line, when a file is missing, differs from what the diagrams
 * generate now (stale or edited by hand) or documents a process that no longer exists.
 * Exit code 2 on a usage error or a file that cannot be read as BPMN.
 */
public final class DocsCommand {

	static final int OK = 0;

	static final int DIFFERENT = 1;

	static final int USAGE = 2;

	/** How to regenerate, for the messages of {@code --check}. */
	public static final String REGENERATE = "java -jar target/steadyflow-0.1.0-SNAPSHOT.jar docs processes/ --out docs/processes/";

	private static final String USAGE_TEXT = """
			Usage: java -jar steadyflow.jar docs [--check] [--forms DIR] --out DIR PATH...

			Writes the documentation of the processes in BPMN files (*.bpmn, *.bpmn20.xml;
			directories are searched recursively) as Markdown, one <process id>.md per process,
			without starting the server.

			  --out DIR    the folder of the Markdown files (created when missing)
			  --check      write nothing; exit 1 when a file in DIR is missing, stale, edited by
			               hand or left over, naming the file and its first differing line
			  --forms DIR  the form definitions (<formKey>.json) the steps name (default ./forms)
			  --help       this text

			Exit code: 0 done (or up to date), 1 --check found differences, 2 usage error.
			""";

	private DocsCommand() {
	}

	/** Runs the command on the process's standard streams and exits with its status. */
	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs the command.
	 * @param args the arguments after {@code docs}
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		silenceLibraryLogging();
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("docs: " + ex.getMessage());
			err.println();
			err.print(USAGE_TEXT);
			return USAGE;
		}
		if (options.help()) {
			out.print(USAGE_TEXT);
			return OK;
		}
		Map<String, String> expected;
		try {
			expected = generate(options);
		}
		catch (IllegalArgumentException | IllegalStateException | IOException ex) {
			err.println("docs: " + ex.getMessage());
			return USAGE;
		}
		try {
			if (options.check()) {
				List<String> differences = check(options.out(), expected);
				if (differences.isEmpty()) {
					out.println("docs: " + expected.size() + " files in " + options.out() + " are up to date");
					return OK;
				}
				differences.forEach(err::println);
				err.println("docs: the Markdown in " + options.out()
						+ " is not what the diagrams generate; never edit it by hand, regenerate it: " + REGENERATE);
				return DIFFERENT;
			}
			Files.createDirectories(options.out());
			for (Map.Entry<String, String> file : expected.entrySet()) {
				Files.writeString(options.out().resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
			}
			out.println("docs: " + expected.size() + " files written to " + options.out());
			return OK;
		}
		catch (IOException ex) {
			err.println("docs: " + ex.getMessage());
			return USAGE;
		}
	}

	/** The Markdown of every process of the given files, by file name. */
	static Map<String, String> generate(Options options) throws IOException {
		SafeBpmnReader reader = new SafeBpmnReader(BpmnInputLimits.defaults());
		List<Path> files = LintCommand.bpmnFiles(options.paths());
		if (files.isEmpty()) {
			throw new IllegalArgumentException("no .bpmn or .bpmn20.xml files found in " + options.paths());
		}
		Function<String, Optional<FormDefinition>> forms = forms(options.forms(), reader);
		DocsGenerator generator = new DocsGenerator(forms);
		Map<String, String> expected = new LinkedHashMap<>();
		for (Path file : files) {
			BpmnModel model;
			try {
				model = reader.read(new BpmnSource(file.toString(), Files.readAllBytes(file)));
			}
			catch (InvalidBpmnException ex) {
				throw new IllegalArgumentException(ex.getMessage(), ex);
			}
			for (ProcessDocument document : generator.generate(model, file.getFileName().toString(), null)) {
				String name = document.key() + ".md";
				if (expected.putIfAbsent(name, MarkdownDocs.render(document)) != null) {
					throw new IllegalArgumentException(
							"two files define the process '" + document.key() + "'; the second is " + file);
				}
			}
		}
		return expected;
	}

	private static Function<String, Optional<FormDefinition>> forms(Path directory, SafeBpmnReader reader)
			throws IOException {
		if (!Files.isDirectory(directory)) {
			return (key) -> Optional.empty();
		}
		// Not strict: the documentation says which form is missing, the start-up check
		// and the readiness rules refuse it.
		FormCatalog catalog = new FormCatalog(new FormsProperties(directory, Path.of("does-not-exist"), false), reader);
		return catalog::find;
	}

	/**
	 * What differs between the folder and the expected files: missing files, the first
	 * differing line of each changed one, and Markdown files of processes that are gone.
	 */
	static List<String> check(Path folder, Map<String, String> expected) throws IOException {
		List<String> differences = new ArrayList<>();
		for (Map.Entry<String, String> file : expected.entrySet()) {
			Path path = folder.resolve(file.getKey());
			if (!Files.isRegularFile(path)) {
				differences.add(path + ": missing");
				continue;
			}
			String difference = firstDifference(file.getValue(), Files.readString(path, StandardCharsets.UTF_8));
			if (difference != null) {
				differences.add(path + ":" + difference);
			}
		}
		if (Files.isDirectory(folder)) {
			try (Stream<Path> listing = Files.list(folder)) {
				listing.filter((path) -> path.getFileName().toString().endsWith(".md"))
					.filter((path) -> !expected.containsKey(path.getFileName().toString()))
					.sorted()
					.forEach((path) -> differences.add(path + ": documents no process of the diagrams (left over)"));
			}
		}
		return differences;
	}

	/** "12: expected ... but found ..." for the first differing line, or null. */
	static String firstDifference(String expected, String actual) {
		if (expected.equals(actual)) {
			return null;
		}
		String[] want = expected.split("\n", -1);
		String[] have = actual.replace("\r\n", "\n").split("\n", -1);
		for (int i = 0; i < Math.max(want.length, have.length); i++) {
			String wanted = (i < want.length) ? want[i] : null;
			String found = (i < have.length) ? have[i] : null;
			if (wanted == null || !wanted.equals(found)) {
				return (i + 1) + ": expected " + quoted(wanted) + " but found " + quoted(found);
			}
		}
		return "1: the line endings differ";
	}

	private static String quoted(String line) {
		if (line == null) {
			return "the end of the file";
		}
		String shown = (line.length() > 120) ? line.substring(0, 120) + "…" : line;
		return "\"" + shown + "\"";
	}

	/**
	 * The engine's libraries log through SLF4J; on the command line only the command's
	 * own lines are output.
	 */
	private static void silenceLibraryLogging() {
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
			root.setLevel(Level.OFF);
		}
	}

	record Options(boolean check, boolean help, Path out, Path forms, List<String> paths) {

		static Options parse(String[] args) {
			boolean check = false;
			boolean help = false;
			Path out = null;
			Path forms = Path.of("forms");
			List<String> paths = new ArrayList<>();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if (arg.equals("--help") || arg.equals("-h")) {
					help = true;
				}
				else if (arg.equals("--check")) {
					check = true;
				}
				else if (arg.equals("--out") || arg.startsWith("--out=")) {
					out = Path.of(arg.equals("--out") ? value(args, ++i, "--out") : arg.substring(6));
				}
				else if (arg.equals("--forms") || arg.startsWith("--forms=")) {
					forms = Path.of(arg.equals("--forms") ? value(args, ++i, "--forms") : arg.substring(8));
				}
				else if (arg.startsWith("-")) {
					throw new IllegalArgumentException("unknown option " + arg);
				}
				else {
					paths.add(arg);
				}
			}
			if (!help && paths.isEmpty()) {
				throw new IllegalArgumentException("no file or directory given");
			}
			if (!help && out == null) {
				throw new IllegalArgumentException("--out DIR is missing: where the Markdown files go");
			}
			return new Options(check, help, out, forms, paths);
		}

		private static String value(String[] args, int index, String option) {
			if (index >= args.length) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			return args[index];
		}

	}

}
