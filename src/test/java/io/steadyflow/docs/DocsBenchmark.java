package io.steadyflow.docs;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.readiness.ReadinessBenchmark;
import org.HdrHistogram.Histogram;
import org.flowable.bpmn.model.BpmnModel;

/**
 * How long the documentation of a 1,000-element diagram takes: the generated process of
 * the readiness benchmark (review, tool call, decision and fix in blocks), read safely,
 * walked, and rendered as Markdown. Prints figures; asserts nothing.
 * <p>
 * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.steadyflow.docs.DocsBenchmark}
 */
public final class DocsBenchmark {

	private static final int WARM_UP = 30;

	private static final int RUNS = 50;

	private DocsBenchmark() {
	}

	public static void main(String[] args) {
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.OFF);
		SafeBpmnReader reader = new SafeBpmnReader(BpmnInputLimits.defaults());
		DocsGenerator generator = new DocsGenerator((key) -> Optional.empty());
		BpmnSource large = new BpmnSource("generated-1000.bpmn",
				ReadinessBenchmark.generated(1000).getBytes(StandardCharsets.UTF_8));
		BpmnModel model = reader.read(large);
		ProcessDocument document = generator.generate(model, large.fileName(), 1).get(0);
		String markdown = MarkdownDocs.render(document);
		int elements = model.getMainProcess().getFlowElements().size();
		System.out.printf("generated process: %d bytes, %d flow elements (%d numbered steps), Markdown %d KB%n",
				large.content().length, elements, document.numberedSteps().size(), markdown.length() / 1024);

		Histogram full = time(
				() -> MarkdownDocs.render(generator.generate(reader.read(large), large.fileName(), 1).get(0)));
		System.out.printf(
				"docs for the 1,000-node process (safe read + walk + Markdown): median %.1f ms, p95 %.1f ms, "
						+ "max %.1f ms over %d runs after %d warm-up runs%n",
				ms(full, 50), ms(full, 95), ms(full, 100), RUNS, WARM_UP);
		Histogram generateOnly = time(() -> MarkdownDocs.render(generator.generate(model, large.fileName(), 1).get(0)));
		System.out.printf("  of which walk + Markdown on the parsed model: median %.1f ms, p95 %.1f ms%n",
				ms(generateOnly, 50), ms(generateOnly, 95));
	}

	/** Microseconds per run, after the warm-up runs. */
	private static Histogram time(Runnable work) {
		for (int i = 0; i < WARM_UP; i++) {
			work.run();
		}
		Histogram micros = new Histogram(3);
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			work.run();
			micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
		}
		return micros;
	}

	private static double ms(Histogram micros, double percentile) {
		return micros.getValueAtPercentile(percentile) / 1_000.0;
	}

}
