package io.steadyflow.readiness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * {@code steadyflow lint [options] <file or directory>...}: the readiness linter on the
 * command line, without starting the application, the web server or the engine. Exit code
 * 0 when no file has errors, 1 when one has, 2 on a usage error.
 * <p>
 * Its configuration is the application's: {@code steadyflow.readiness.*} and
 * {@code steadyflow.bpmn.*} from the packaged application.yaml, environment variables and
 * system properties, then a file given with {@code --config}. Without an application to
 * ask, delegate beans are not checked ({@code delegates-resolve} findings are infos).
 */
public final class LintCommand {

	static final int OK = 0;

	static final int ERRORS = 1;

	static final int USAGE = 2;

	private static final String USAGE_TEXT = """
			Usage: java -jar steadyflow.jar lint [--format table|json] [--hints] [--config FILE] PATH...

			Checks BPMN files (*.bpmn, *.bpmn20.xml; directories are searched recursively) with
			Steadyflow's production-readiness rules, without starting the server.

			  --format table|json  output as a table (default) or as JSON, one report per file
			  --hints              in the table, show how to fix each finding
			  --config FILE        a YAML or .properties file with steadyflow.readiness.* settings
			  --help               this text

			Exit code: 0 no file has errors, 1 at least one file has errors, 2 usage error.
			""";

	private LintCommand() {
	}

	/**
	 * Runs the command on the process's standard streams and exits with its status.
	 */
	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs the command.
	 * @param args the arguments after {@code lint}
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		silenceLibraryLogging();
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("lint: " + ex.getMessage());
			err.println();
			err.print(USAGE_TEXT);
			return USAGE;
		}
		if (options.help()) {
			out.print(USAGE_TEXT);
			return OK;
		}
		ReadinessLinter linter;
		List<Path> files;
		try {
			Binder binder = configuration(options.config());
			ReadinessProperties properties = binder.bind("steadyflow.readiness", ReadinessProperties.class)
				.orElseGet(ReadinessProperties::defaults);
			BpmnInputLimits limits = binder.bind("steadyflow.bpmn", BpmnInputLimits.class)
				.orElseGet(BpmnInputLimits::defaults);
			linter = ReadinessLinter.standalone(limits, properties, null);
			files = bpmnFiles(options.paths());
		}
		catch (IllegalArgumentException | IllegalStateException | BindException | IOException ex) {
			err.println("lint: " + rootMessage(ex));
			return USAGE;
		}
		if (files.isEmpty()) {
			err.println("lint: no .bpmn or .bpmn20.xml files found in " + options.paths());
		}
		List<FileReport> reports = new ArrayList<>();
		for (Path file : files) {
			reports.add(lint(linter, file));
		}
		if (options.json()) {
			out.println(json(reports));
		}
		else {
			new LintTable(reports, options.hints()).print(out);
		}
		return reports.stream().anyMatch(FileReport::hasErrors) ? ERRORS : OK;
	}

	private static FileReport lint(ReadinessLinter linter, Path file) {
		try {
			return linter.lint(new BpmnSource(file.toString(), Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			return new FileReport(file.toString(),
					List.of(new Finding(ReadinessRule.PARSE.id(), Severity.ERROR, null, null, null, null,
							"the file could not be read: " + ex.getMessage(), "Check the file's permissions.")));
		}
	}

	/**
	 * The BPMN files among the given paths, directories searched recursively, each
	 * directory's files in name order.
	 * @throws IllegalArgumentException naming a path that does not exist
	 */
	public static List<Path> bpmnFiles(List<String> paths) throws IOException {
		List<Path> files = new ArrayList<>();
		for (String given : paths) {
			Path path = Path.of(given);
			if (Files.isRegularFile(path)) {
				files.add(path);
			}
			else if (Files.isDirectory(path)) {
				try (Stream<Path> walk = Files.walk(path)) {
					walk.filter(Files::isRegularFile)
						.filter((file) -> BpmnSource.isBpmnFileName(file.getFileName().toString()))
						.sorted(Comparator.comparing(Path::toString))
						.forEach(files::add);
				}
			}
			else {
				throw new IllegalArgumentException("no such file or directory: " + given);
			}
		}
		return files;
	}

	/**
	 * The application's configuration without the application: the packaged
	 * application.yaml (its profile-independent part), the environment, system
	 * properties, and the given file, the latter winning.
	 */
	private static Binder configuration(String configFile) throws IOException {
		List<PropertySource<?>> sources = new ArrayList<>();
		if (configFile != null) {
			Path path = Path.of(configFile);
			if (!Files.isRegularFile(path)) {
				throw new IllegalArgumentException("no such configuration file: " + configFile);
			}
			sources.addAll(load(new FileSystemResource(path)));
		}
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().forEach(sources::add);
		ClassPathResource packaged = new ClassPathResource("application.yaml");
		if (packaged.exists()) {
			load(packaged).stream()
				.filter((source) -> !source.containsProperty("spring.config.activate.on-profile"))
				.forEach(sources::add);
		}
		return new Binder(ConfigurationPropertySources.from(sources));
	}

	private static List<PropertySource<?>> load(Resource resource) throws IOException {
		String name = resource.getFilename() != null ? resource.getFilename() : "config";
		if (name.endsWith(".properties")) {
			return new PropertiesPropertySourceLoader().load(name, resource);
		}
		return new YamlPropertySourceLoader().load(name, resource);
	}

	private static String json(List<FileReport> reports) {
		try {
			return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(reports);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("reports could not be written as JSON", ex);
		}
	}

	/**
	 * The engine's libraries log through SLF4J; on the command line only the reports are
	 * output, on standard output, where JSON must stay parseable.
	 */
	private static void silenceLibraryLogging() {
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
			root.setLevel(Level.OFF);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.toString();
	}

	record Options(boolean json, boolean hints, boolean help, String config, List<String> paths) {

		static Options parse(String[] args) {
			boolean json = false;
			boolean hints = false;
			boolean help = false;
			String config = null;
			List<String> paths = new ArrayList<>();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if (arg.equals("--help") || arg.equals("-h")) {
					help = true;
				}
				else if (arg.equals("--hints")) {
					hints = true;
				}
				else if (arg.equals("--format") || arg.startsWith("--format=")) {
					String format = arg.equals("--format") ? value(args, ++i, "--format") : arg.substring(9);
					json = switch (format) {
						case "json" -> true;
						case "table" -> false;
						default ->
							throw new IllegalArgumentException("unknown format '" + format + "': use table or json");
					};
				}
				else if (arg.equals("--config") || arg.startsWith("--config=")) {
					config = arg.equals("--config") ? value(args, ++i, "--config") : arg.substring(9);
				}
				else if (arg.startsWith("-")) {
					throw new IllegalArgumentException("unknown option " + arg);
				}
				else {
					paths.add(arg);
				}
			}
			if (paths.isEmpty() && !help) {
				throw new IllegalArgumentException("no file or directory given");
			}
			return new Options(json, hints, help, config, paths);
		}

		private static String value(String[] args, int index, String option) {
			if (index >= args.length) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			return args[index];
		}

	}

}
