package io.steadyflow.deployment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.ai.EmbeddingClassifier;
import io.steadyflow.readiness.DeploymentRefusedException;
import io.steadyflow.support.Api;
import io.steadyflow.support.Api.Response;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.PageSession;
import io.steadyflow.support.PageSession.Answer;
import io.steadyflow.support.TestBpmn;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A classify process deployed over REST together with its labels file, run on the real
 * embedded model: the step uses the examples of its own deployment, which the labels
 * folder does not have.
 */
@H2Test
class LabelsDeploymentTest {

	private static final String FRUIT = """
			{"labels": {
			  "fruit": ["Ripe bananas and apples", "A basket of oranges and pears", "Fresh strawberries and cherries"],
			  "vehicle": ["A red sports car", "The truck delivers goods on the motorway", "My bicycle has a flat tyre"]
			}}
			""";

	private static final String PRODUCE = """
			{"labels": {
			  "produce": ["Ripe bananas and apples", "A basket of oranges and pears", "Fresh strawberries and cherries"],
			  "vehicle": ["A red sports car", "The truck delivers goods on the motorway", "My bicycle has a flat tyre"]
			}}
			""";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	ManagementService managementService;

	@Autowired
	EmbeddingClassifier classifier;

	@LocalServerPort
	int port;

	Api api;

	Jobs jobs;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.rest);
		this.jobs = new Jobs(this.managementService);
	}

	@Test
	void aClassifyProcessAndItsLabelsFileDeployTogetherAndEachVersionUsesItsOwnExamples() {
		assertThat(Files.exists(Path.of("processes/basket.labels.json"))).as("not in the labels folder").isFalse();
		Response first = this.api.deploy("ada", files("basket-sorter.bpmn20.xml",
				process("basket-sorter", "basket.labels.json"), "basket.labels.json", FRUIT));
		assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
		String firstDeployment = first.text("deploymentId");
		assertThat(this.repositoryService.getDeploymentResourceNames(firstDeployment))
			.contains("basket-sorter.bpmn20.xml", "basket.labels.json");
		// started before the second version is deployed, classified after
		String early = start("basket-sorter");

		Response second = this.api.deploy("ada", files("basket-sorter.bpmn20.xml",
				process("basket-sorter", "basket.labels.json"), "basket.labels.json", PRODUCE));
		assertThat(second.status()).as("%s", second.body()).isEqualTo(201);
		assertThat(second.body().get("newVersion").asBoolean()).as("changed labels, new version").isTrue();
		assertThat(second.body().at("/processDefinitions/0/version").asInt()).isEqualTo(2);
		Response again = this.api.deploy("ada", files("basket-sorter.bpmn20.xml",
				process("basket-sorter", "basket.labels.json"), "basket.labels.json", PRODUCE));
		assertThat(again.body().get("newVersion").asBoolean()).as("unchanged, no new version").isFalse();
		String late = start("basket-sorter");

		assertThat(classified(early).get("label").asText()).isEqualTo("fruit");
		JsonNode lateResult = classified(late);
		assertThat(lateResult.get("label").asText()).isEqualTo("produce");
		assertThat(lateResult.get("alternatives").get(0).get("label").asText()).isEqualTo("vehicle");
		assertThat(this.classifier.isEmbedded(firstDeployment, "basket.labels.json")).isTrue();
	}

	@Test
	void theModelerDeploysANewVersionWithTheLabelsFileOfTheVersionBefore() throws Exception {
		Response rest = this.api.deploy("ada", files("tray-sorter.bpmn20.xml",
				process("tray-sorter", "tray.labels.json"), "tray.labels.json", PRODUCE));
		assertThat(rest.status()).as("%s", rest.body()).isEqualTo(201);

		PageSession ada = PageSession.signIn(this.port, "ada");
		Answer modeled = ada.postJson("/modeler/api/deployments", Map.of("fileName", "tray-sorter.bpmn20.xml", "xml",
				process("tray-sorter", "tray.labels.json").replace("Suggest a bin", "Suggest a tray")));
		assertThat(modeled.status()).as("%s", modeled.body()).isEqualTo(201);
		String deploymentId = modeled.body().path("deploymentId").asText();
		assertThat(deploymentId).isNotEqualTo(rest.text("deploymentId"));
		assertThat(this.repositoryService.getDeploymentResourceNames(deploymentId)).contains("tray.labels.json");

		assertThat(classified(start("tray-sorter")).get("label").asText()).isEqualTo("produce");
	}

	@Test
	void aZipCarriesTheLabelsFileBesideTheDiagram() throws IOException {
		Map<String, String> entries = new LinkedHashMap<>();
		entries.put("processes/crate-sorter.bpmn20.xml", process("crate-sorter", "crate.labels.json"));
		entries.put("processes/crate.labels.json", FRUIT);
		Response response = this.api.deploy("ada", Map.of("crate.zip", zip(entries)));
		assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
		assertThat(this.repositoryService.getDeploymentResourceNames(response.text("deploymentId")))
			.contains("crate-sorter.bpmn20.xml", "crate.labels.json");

		assertThat(classified(start("crate-sorter")).get("label").asText()).isEqualTo("fruit");
	}

	@Test
	void aBrokenLabelsFileIsRefusedByNameAndNothingIsDeployed() {
		long before = this.repositoryService.createDeploymentQuery().count();
		Response malformed = this.api.deploy("ada", files("box-sorter.bpmn20.xml",
				process("box-sorter", "box.labels.json"), "box.labels.json", "{\"labels\": {\"fruit\": [\"apple\""));
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.text("detail")).contains("box.labels.json").contains("not well-formed JSON");

		Response oneLabel = this.api.deploy("ada", files("box-sorter.bpmn20.xml",
				process("box-sorter", "box.labels.json"), "box.labels.json", "{\"labels\": {\"fruit\": [\"apple\"]}}"));
		assertThat(oneLabel.status()).isEqualTo(400);
		assertThat(oneLabel.text("detail")).contains("box.labels.json").contains("at least two labels");
		assertThat(oneLabel.body().at("/errors/0/file").asText()).isEqualTo("box.labels.json");

		Response notTexts = this.api.deploy("ada",
				files("box-sorter.bpmn20.xml", process("box-sorter", "box.labels.json"), "box.labels.json",
						"{\"labels\": {\"fruit\": [\"apple\", \"pear\", \"plum\"], \"vehicle\": [42]}}"));
		assertThat(notTexts.status()).isEqualTo(400);
		assertThat(notTexts.text("detail")).contains("box.labels.json").contains("'vehicle'");

		// an empty label, an example of two labels and too few examples: each named with
		// its line
		Response unsound = this.api.deploy("ada",
				files("box-sorter.bpmn20.xml", process("box-sorter", "box.labels.json"), "box.labels.json", """
						{"labels": {
						  "fruit": ["apple", "pear", "plum"],
						  "": ["car", "bus", "tram"],
						  "vehicle": ["truck", "Apple", "bike"],
						  "tool": ["saw", "drill"]
						}}
						"""));
		assertThat(unsound.status()).isEqualTo(400);
		assertThat(unsound.body().toString()).contains("line 3: a label has an empty name",
				"line 4: the example \\\"Apple\\\" of label 'vehicle' repeats the example of label 'fruit' (line 2)",
				"line 5: label 'tool' has 2 examples, fewer than the minimum of 3");
		assertThat(unsound.body().at("/errors/0/line").asInt()).isEqualTo(3);

		assertThat(this.repositoryService.createDeploymentQuery().count()).as("nothing deployed").isEqualTo(before);
		assertThat(this.repositoryService.createProcessDefinitionQuery().processDefinitionKey("box-sorter").count())
			.isZero();
	}

	@Test
	void theEngineGateRefusesABrokenLabelsFileThatComesByAnotherRoute() {
		assertThatThrownBy(() -> this.repositoryService.createDeployment()
			.name("pot-sorter")
			.addBytes("pot-sorter.bpmn20.xml", TestBpmn.bytes(process("pot-sorter", "pot.labels.json")))
			.addBytes("pot.labels.json", TestBpmn.bytes("{\"labels\": []}"))
			.deploy()).isInstanceOf(DeploymentRefusedException.class).hasMessageContaining("pot.labels.json");
		assertThat(this.repositoryService.createProcessDefinitionQuery().processDefinitionKey("pot-sorter").count())
			.isZero();
	}

	@Test
	void aClassifyStepWhoseLabelsFileIsNeitherDeployedNorInTheFolderIsRefused() {
		Response response = this.api.deploy("ada",
				Map.of("bag-sorter.bpmn20.xml", TestBpmn.bytes(process("bag-sorter", "bag.labels.json"))));
		assertThat(response.status()).as("%s", response.body()).isBetween(400, 499);
		assertThat(response.body().toString()).contains("bag.labels.json").contains("ai-config");
		assertThat(this.repositoryService.createProcessDefinitionQuery().processDefinitionKey("bag-sorter").count())
			.isZero();
	}

	private String start(String key) {
		ProcessDefinition latest = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		return this.runtimeService
			.startProcessInstanceById(latest.getId(),
					Map.of("subject", "Ripe bananas", "body", "A basket of apples and oranges"))
			.getId();
	}

	private JsonNode classified(String instanceId) {
		this.jobs.runAll(instanceId);
		return (JsonNode) this.runtimeService.getVariable(instanceId, "suggestion");
	}

	private static Map<String, byte[]> files(String bpmnName, String bpmn, String labelsName, String labels) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put(bpmnName, TestBpmn.bytes(bpmn));
		files.put(labelsName, TestBpmn.bytes(labels));
		return files;
	}

	private static byte[] zip(Map<String, String> entries) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, String> entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(TestBpmn.bytes(entry.getValue()));
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	private static String process(String key, String labels) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:steadyflow:test">
				  <process id="%1$s" name="Sort %1$s" isExecutable="true" sf:owner="test-team"
				           sf:doneWhen="The item is sorted">
				    <startEvent id="received" name="Item received"/>
				    <sequenceFlow id="toSuggest" sourceRef="received" targetRef="suggest"/>
				    <serviceTask id="suggest" name="Suggest a bin" flowable:async="true"
				                 flowable:delegateExpression="${aiStep}" sf:ai="classify" sf:aiInput="subject,body"
				                 sf:aiResult="suggestion" sf:aiLabels="%2$s">
				      <extensionElements>
				        <flowable:failedJobRetryTimeCycle>R2/PT1M</flowable:failedJobRetryTimeCycle>
				      </extensionElements>
				    </serviceTask>
				    <sequenceFlow id="toDecide" sourceRef="suggest" targetRef="decide"/>
				    <userTask id="decide" name="Decide" flowable:candidateGroups="support-triage" flowable:dueDate="P1D"
				              sf:decision="approval" sf:outcomes="approve,reject"/>
				    <sequenceFlow id="toDone" sourceRef="decide" targetRef="sorted"/>
				    <endEvent sf:outcome="done" id="sorted" name="Item sorted"/>
				  </process>
				</definitions>
				""".formatted(key, labels);
	}

}
