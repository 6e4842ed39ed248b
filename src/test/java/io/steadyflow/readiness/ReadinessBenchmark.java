package io.steadyflow.readiness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import org.flowable.bpmn.model.BpmnModel;

/**
 * Prints how long the linter takes; not a test. Run with
 * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.steadyflow.readiness.ReadinessBenchmark}.
 * <ul>
 * <li>a generated process of 1,000 flow nodes (plus their sequence flows), linted after
 * warm-up: the goal is under 200 ms;</li>
 * <li>every file of ../shared/conformance/miwg in one run.</li>
 * </ul>
 */
public final class ReadinessBenchmark {

	private static final int WARM_UP = 30;

	private static final int RUNS = 50;

	private ReadinessBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		// as on the command line: library debug logging would be measured too
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.OFF);
		ReadinessLinter linter = ReadinessLinter.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(),
				(bean) -> true);
		BpmnSource large = new BpmnSource("generated-1000.bpmn", generated(1000).getBytes(StandardCharsets.UTF_8));
		FileReport report = linter.lint(large);
		System.out.printf("generated process: %d bytes, %d flow nodes, %s%n", large.content().length, 1000,
				report.summary());

		long[] full = time(() -> linter.lint(large));
		System.out.printf(
				"lint 1,000-node process (safe read + Flowable validation + rules): median %.1f ms, "
						+ "p95 %.1f ms, max %.1f ms over %d runs after %d warm-up runs%n",
				ms(median(full)), ms(p95(full)), ms(max(full)), RUNS, WARM_UP);
		BpmnModel model = new SafeBpmnReader(BpmnInputLimits.defaults()).read(large);
		long[] rulesOnly = time(() -> linter.lint(large, model));
		System.out.printf("  of which Flowable validation + rules on the parsed model: median %.1f ms, p95 %.1f ms%n",
				ms(median(rulesOnly)), ms(p95(rulesOnly)));
		org.flowable.validation.ProcessValidator flowable = new org.flowable.validation.ProcessValidatorFactory()
			.createDefaultProcessValidator();
		long[] flowableOnly = time(() -> flowable.validate(model));
		System.out.printf("  of which Flowable's own ProcessValidator: median %.1f ms, p95 %.1f ms%n",
				ms(median(flowableOnly)), ms(p95(flowableOnly)));

		List<Path> miwg = MiwgRobustnessTest.miwgFiles();
		List<BpmnSource> sources = new ArrayList<>();
		long bytes = 0;
		for (Path file : miwg) {
			byte[] content = Files.readAllBytes(file);
			bytes += content.length;
			sources.add(new BpmnSource(file.getFileName().toString(), content));
		}
		long[] corpus = time(() -> sources.forEach(linter::lint));
		long findings = sources.stream().mapToLong((source) -> linter.lint(source).findings().size()).sum();
		System.out.printf("lint all of miwg (%d files, %d KB, %d findings): median %.1f ms, p95 %.1f ms per run%n",
				sources.size(), bytes / 1024, findings, ms(median(corpus)), ms(p95(corpus)));
	}

	/**
	 * A sound process of about {@code nodes} flow nodes: review, tool call, decision, in
	 * a row.
	 */
	public static String generated(int nodes) {
		StringBuilder body = new StringBuilder("<startEvent id=\"start\" name=\"Work arrived\"/>\n");
		String previous = "start";
		int flow = 0;
		int count = 1;
		int block = 0;
		while (count + 5 <= nodes - 1) {
			block++;
			String review = "review" + block;
			String call = "call" + block;
			String decide = "decide" + block;
			String fix = "fix" + block;
			String join = "join" + block;
			body.append(Bpmn.userTask(review, "Review item " + block))
				.append(Bpmn.serviceTask(call, "Record item " + block))
				.append("<exclusiveGateway id=\"" + decide + "\" name=\"Item " + block + " complete?\" default=\""
						+ decide + "No\"/>")
				.append(Bpmn.userTask(fix, "Complete item " + block))
				.append("<exclusiveGateway id=\"" + join + "\"/>\n");
			body.append(Bpmn.flow("f" + ++flow, previous, review))
				.append(Bpmn.flow("f" + ++flow, review, call))
				.append(Bpmn.flow("f" + ++flow, call, decide))
				.append(Bpmn.conditionalFlow(decide + "Yes", decide, join, "${complete" + block + "}"))
				.append(Bpmn.flow(decide + "No", decide, fix))
				.append(Bpmn.flow("f" + ++flow, fix, join))
				.append('\n');
			previous = join;
			count += 5;
		}
		while (count < nodes - 1) {
			String step = "extra" + count;
			body.append(Bpmn.userTask(step, "Extra step " + count)).append(Bpmn.flow("f" + ++flow, previous, step));
			previous = step;
			count++;
		}
		body.append("<endEvent sf:outcome=\"done\" id=\"end\" name=\"Work done\"/>")
			.append(Bpmn.flow("f" + ++flow, previous, "end"));
		return Bpmn.process(body.toString());
	}

	private static long[] time(Runnable work) {
		for (int i = 0; i < WARM_UP; i++) {
			work.run();
		}
		long[] nanos = new long[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			work.run();
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return nanos;
	}

	private static long median(long[] sorted) {
		return sorted[sorted.length / 2];
	}

	private static long p95(long[] sorted) {
		return sorted[(int) Math.ceil(sorted.length * 0.95) - 1];
	}

	private static long max(long[] sorted) {
		return sorted[sorted.length - 1];
	}

	private static double ms(long nanos) {
		return nanos / 1_000_000.0;
	}

}
