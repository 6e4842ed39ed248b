package io.steadyflow.ai;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is wrong with a labels file, found with the line it is on. */
class LabelsFileTest {

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void readsLabelsAndTextsWithoutEvidence() {
		LabelsFile file = LabelsFile.parse("box.labels.json", bytes("""
				{"description": "boxes",
				 "labels": {"fruit": ["apple", "pear", "plum"], "tool": ["hammer", "saw", "drill"]},
				 "unsure": ["something", "please help"]}
				"""));

		assertThat(file.counts()).containsEntry("fruit", 3).containsEntry("tool", 3);
		assertThat(file.unsure()).containsExactly("something", "please help");
	}

	@Test
	void namesTheLineOfAnEmptyLabelAnEmptyExampleAndALabelWithTooFewExamples() {
		List<LabelsFile.Problem> problems = LabelsFile.problems(bytes("""
				{"labels": {
				  "fruit": ["apple", "pear", "plum"],
				  "": ["hammer", "saw", "drill"],
				  "tool": ["wrench", "  "],
				  "car": ["sedan", "van"]
				}}
				"""));

		assertThat(problems).extracting(LabelsFile.Problem::toString)
			.containsExactly("line 3: a label has an empty name", "line 4: label 'tool' has an empty example",
					"line 4: label 'tool' has 1 examples, fewer than the minimum of 3",
					"line 5: label 'car' has 2 examples, fewer than the minimum of 3");
	}

	@Test
	void namesBothLinesOfAnExampleGivenTwice() {
		List<LabelsFile.Problem> problems = LabelsFile.problems(bytes("""
				{"labels": {
				  "fruit": ["apple", "pear", "plum"],
				  "tool": ["hammer",
				           "Apple ", "drill"]
				},
				"unsure": ["help", "hammer"]}
				"""));

		assertThat(problems).extracting(LabelsFile.Problem::toString)
			.containsExactly(
					"line 4: the example \"Apple\" of label 'tool' repeats the example of label 'fruit' (line 2): "
							+ "each text may be an example once",
					"line 6: the example \"hammer\" of 'unsure' repeats the example of label 'tool' (line 3): "
							+ "each text may be an example once");
		assertThatThrownBy(() -> LabelsFile.parse("box.labels.json", bytes("""
				{"labels": {"fruit": ["apple", "pear", "plum"], "tool": ["apple", "saw", "drill"]}}""")))
			.hasMessageContaining("line 1")
			.hasMessageContaining("label 'fruit'");
	}

	@Test
	void reportsMalformedJsonAndAMissingLabelsObjectAtTheirLines() {
		assertThat(LabelsFile.problems(bytes("{\"labels\": {\n\"fruit\": [\"apple\"\n"))).singleElement()
			.satisfies((problem) -> assertThat(problem.message()).startsWith("is not well-formed JSON"));
		assertThat(LabelsFile.problems(bytes("[]"))).extracting(LabelsFile.Problem::message)
			.containsExactly("needs an object 'labels' with at least two labels, each an array of example texts");
		assertThat(LabelsFile.problems(bytes("{\"labels\": {\"fruit\": [\"apple\", \"pear\", \"plum\"]}}")))
			.extracting(LabelsFile.Problem::message)
			.containsExactly("needs an object 'labels' with at least two labels, each an array of example texts");
		assertThat(LabelsFile
			.problems(bytes("{\"labels\": {\"a\": [\"x\", \"y\", \"z\"], \"b\": [1, \"u\", \"v\", \"w\"]}}")))
			.extracting(LabelsFile.Problem::toString)
			.containsExactly("line 1: label 'b' has an example that is not a text: 1");
	}

}
