package io.steadyflow.forms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FormCatalogTest {

	static final String PROCESS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
			             targetNamespace="urn:test">
			  <process id="review" isExecutable="true">
			    <startEvent id="start" flowable:formKey="enter-claim"/>
			    <sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
			    <userTask id="check" flowable:formKey="check-claim">
			      <documentation>See claimProblems.</documentation>
			    </userTask>
			    <sequenceFlow id="f2" sourceRef="check" targetRef="end"/>
			    <endEvent id="end"/>
			  </process>
			</definitions>
			""";

	static final String ENTER = """
			{ "title": "Enter", "fields": [ { "id": "claimant", "label": "Claimant", "type": "text", "required": true } ] }
			""";

	@TempDir
	Path home;

	static FormDefinition parse(String key, String json) {
		try {
			FormCatalog empty = new FormCatalog(
					new FormsProperties(Path.of("no-forms-here"), Path.of("no-processes"), true),
					FormBinderTest.reader());
			return empty.parse(key, FormBinderTest.utf8(json));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	FormCatalog catalog(boolean strict) throws IOException {
		return new FormCatalog(new FormsProperties(this.home.resolve("forms"), this.home.resolve("processes"), strict),
				FormBinderTest.reader());
	}

	void write(String path, String content) throws IOException {
		Path file = this.home.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	@Test
	void loadsFormsThatFitTheirProcess() throws IOException {
		write("processes/review.bpmn20.xml", PROCESS);
		write("forms/enter-claim.json", ENTER);
		write("forms/check-claim.json",
				"""
						{ "title": "Check", "fields": [
						  { "id": "claimant", "label": "Claimant", "type": "text", "readOnly": true },
						  { "id": "claimProblems", "label": "Problems", "type": "textarea", "readOnly": true },
						  { "id": "ok", "label": "Decision", "type": "decision", "outcomes": [ { "value": "yes", "label": "Yes" } ] } ] }
						""");
		FormCatalog catalog = catalog(true);
		assertThat(catalog.all()).extracting(FormDefinition::key).containsExactly("check-claim", "enter-claim");
		assertThat(catalog.find("check-claim").orElseThrow().decision()).isPresent();
	}

	@Test
	void reportsEveryProblemByFileNameAndStopsTheStart() throws IOException {
		write("processes/review.bpmn20.xml", PROCESS);
		write("forms/enter-claim.json", """
				{ "title": "Enter", "fields": [ { "id": "claimant", "label": "Claimant", "type": "txt" } ] }
				""");
		write("forms/other.json", "{ \"title\": \"Broken\", \"fields\": [ { \"id\": \"a\", \"label\": \"A\" ");
		write("forms/typo.json", """
				{ "title": "Typo", "fields": [ { "id": "a", "label": "A", "type": "text", "requried": true } ] }
				""");
		write("forms/limits.json", """
				{ "title": "Limits", "fields": [
				  { "id": "n", "label": "N", "type": "number", "min": 5, "max": 1 },
				  { "id": "p", "label": "P", "type": "text", "pattern": "[a-" },
				  { "id": "d", "label": "D", "type": "decision",
				    "outcomes": [ { "value": "yes", "label": "Yes" } ], "reasonRequiredFor": ["no"] } ] }
				""");
		assertThatIllegalStateException().isThrownBy(() -> catalog(true))
			.withMessageContaining("forms/enter-claim.json: field 1 'claimant': \"type\" 'txt' is not one of")
			.withMessageContaining("forms/other.json: not a valid form")
			.withMessageContaining("forms/typo.json: not a valid form: Unrecognized field \"requried\"")
			.withMessageContaining("forms/limits.json: field 1 'n': \"min\" is greater than \"max\"")
			.withMessageContaining("forms/limits.json: field 2 'p': \"pattern\" is not a valid regular expression")
			.withMessageContaining("forms/limits.json: field 3 'd': \"reasonRequiredFor\" names 'no'")
			.withMessageContaining(
					"processes/review.bpmn20.xml: user task 'check' has flowable:formKey=\"check-claim\", but forms/check-claim.json does not exist");
	}

	@Test
	void aReadOnlyFieldMustShowAVariableTheProcessKnows() throws IOException {
		write("processes/review.bpmn20.xml", PROCESS);
		write("forms/enter-claim.json", ENTER);
		write("forms/check-claim.json", """
				{ "title": "Check", "fields": [
				  { "id": "claimnt", "label": "Claimant", "type": "text", "readOnly": true },
				  { "id": "summary", "label": "Summary", "type": "text", "prefill": "aiResult.summary" } ] }
				""");
		assertThatIllegalStateException().isThrownBy(() -> catalog(true))
			.withMessageContaining("forms/check-claim.json: field 'claimnt' shows variable 'claimnt'")
			.withMessageContaining("forms/check-claim.json: field 'summary' shows variable 'aiResult'");
	}

	@Test
	void withoutStrictTheProblemsAreLoggedAndTheSoundFormsLoaded() throws IOException {
		write("processes/review.bpmn20.xml", PROCESS);
		write("forms/enter-claim.json", ENTER);
		write("forms/check-claim.json", "not json");
		assertThat(catalog(false).all()).extracting(FormDefinition::key).containsExactly("enter-claim");
	}

	@Test
	void theFormsOfTheRepositoryAreSound() throws IOException {
		FormCatalog catalog = new FormCatalog(new FormsProperties(Path.of("forms"), Path.of("processes"), true),
				FormBinderTest.reader());
		assertThat(catalog.find("approve-invoice").orElseThrow().decision().orElseThrow().reasonRequiredFor())
			.containsExactly("reject");
	}

}
