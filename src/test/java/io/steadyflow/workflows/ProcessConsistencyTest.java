package io.steadyflow.workflows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.Process;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges between the diagrams in processes/ and the code: every file is one process
 * named after its id, and every bean a diagram names exists.
 */
@H2Test
class ProcessConsistencyTest {

	static final Pattern BEAN_EXPRESSION = Pattern.compile("delegateExpression=\"\\$\\{(\\w+)}\"");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	ApplicationContext context;

	@Test
	void everyFileHoldsOneProcessNamedLikeTheFile() throws Exception {
		SafeBpmnReader reader = new SafeBpmnReader(BpmnInputLimits.defaults());
		for (Path file : processFiles()) {
			BpmnModel model = reader.read(new BpmnSource(file.getFileName().toString(), Files.readAllBytes(file)));
			assertThat(model.getProcesses()).as(file.toString()).hasSize(1);
			Process process = model.getProcesses().get(0);
			assertThat(file.getFileName().toString()).as("file name = process id")
				.isIn(process.getId() + ".bpmn20.xml", process.getId() + ".bpmn");
		}
	}

	@Test
	void everyDelegateExpressionNamesABean() throws Exception {
		List<String> missing = new ArrayList<>();
		for (Path file : processFiles()) {
			Matcher matcher = BEAN_EXPRESSION.matcher(Files.readString(file));
			while (matcher.find()) {
				if (!this.context.containsBean(matcher.group(1))) {
					missing.add(file.getFileName() + ": " + matcher.group(1));
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	static List<Path> processFiles() throws Exception {
		try (Stream<Path> files = Files.list(Path.of("processes"))) {
			List<Path> result = files.filter((path) -> BpmnSource.isBpmnFileName(path.getFileName().toString()))
				.sorted()
				.toList();
			assertThat(result).isNotEmpty();
			return result;
		}
	}

}
