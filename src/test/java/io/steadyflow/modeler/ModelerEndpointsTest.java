package io.steadyflow.modeler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.steadyflow.support.PageSession.Answer;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.PageSession;
import io.steadyflow.support.TestBpmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modeler page's endpoints over real HTTP, with a signed-in session and the page's
 * CSRF token, as the page's script uses them.
 */
@H2Test
class ModelerEndpointsTest {

	@TempDir
	static Path forms;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		registry.add("steadyflow.modeler.forms-location", () -> forms.toString());
	}

	@LocalServerPort
	int port;

	@Test
	void authorLintsTheDiagramOnScreen() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");
		String key = "modelerLint" + System.nanoTime();
		String ready = TestBpmn.userTaskProcess(key, "Review", "approvers");

		Answer clean = ada.postJson("/modeler/api/lint", Map.of("fileName", key + ".bpmn20.xml", "xml", ready));
		assertThat(clean.status()).isEqualTo(200);
		assertThat(clean.body().path("errors").asInt()).isZero();

		Answer ownerless = ada.postJson("/modeler/api/lint",
				Map.of("fileName", key + ".bpmn20.xml", "xml", ready.replace("sf:owner=\"test-team\"", "")));
		assertThat(ownerless.status()).isEqualTo(200);
		assertThat(ownerless.body().path("errors").asInt()).isEqualTo(1);
		assertThat(ownerless.body().path("findings").get(0).path("rule").asText()).isEqualTo("owner");
		assertThat(ownerless.body().path("findings").get(0).path("elementId").asText()).isEqualTo(key);
	}

	@Test
	void deployIsRefusedWithTheFindingsWhenTheDiagramHasErrors() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");
		String key = "modelerRefused" + System.nanoTime();
		String ownerless = TestBpmn.userTaskProcess(key, "Review", "approvers").replace("sf:owner=\"test-team\"", "");

		Answer refused = ada.postJson("/modeler/api/deployments",
				Map.of("fileName", key + ".bpmn20.xml", "xml", ownerless));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body().path("files").get(0).path("findings").findValuesAsText("rule")).contains("owner");
		assertThat(ada.get("/modeler/api/definitions/" + key + "/versions").status()).isEqualTo(404);
	}

	@Test
	void deployOfUnreadableXmlIsABadRequestNamingTheFile() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");

		Answer broken = ada.postJson("/modeler/api/deployments",
				Map.of("fileName", "broken.bpmn20.xml", "xml", "<definitions"));
		Answer lint = ada.postJson("/modeler/api/lint", Map.of("fileName", "broken.bpmn20.xml", "xml", "<definitions"));

		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.body().path("detail").asText()).contains("broken.bpmn20.xml");
		assertThat(lint.status()).isEqualTo(200);
		assertThat(lint.body().path("findings").get(0).path("rule").asText()).isEqualTo("parse");
	}

	@Test
	void deployOfAReadyDiagramAnswersTheNewVersion() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");
		String key = "modelerDeploy" + System.nanoTime();

		Answer first = ada.postJson("/modeler/api/deployments",
				Map.of("fileName", key, "xml", TestBpmn.userTaskProcess(key, "Review", "approvers")));
		Answer second = ada.postJson("/modeler/api/deployments",
				Map.of("fileName", key, "xml", TestBpmn.userTaskProcess(key, "Review again", "approvers")));

		assertThat(first.status()).isEqualTo(201);
		assertThat(first.body().path("processDefinitions").get(0).path("version").asInt()).isEqualTo(1);
		assertThat(first.body().path("processDefinitions").get(0).path("resourceName").asText())
			.isEqualTo(key + ".bpmn20.xml");
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.body().path("newVersion").asBoolean()).isTrue();
		assertThat(second.body().path("processDefinitions").get(0).path("version").asInt()).isEqualTo(2);

		Answer versionOne = ada.get("/modeler/api/definitions/" + key + "/xml?version=1");
		assertThat(versionOne.status()).isEqualTo(200);
		assertThat(versionOne.text()).contains("name=\"Review\"").doesNotContain("Review again");
		assertThat(ada.get("/modeler/api/definitions/" + key + "/xml").text()).contains("name=\"Review again\"");
		assertThat(ada.get("/modeler/api/definitions/" + key + "/versions").body().findValuesAsText("version"))
			.containsExactly("2", "1");
	}

	@Test
	void deployedInvoiceDefinitionIsServedAsXml() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");

		Answer latest = ada.get("/modeler/api/definitions");
		Answer xml = ada.get("/modeler/api/definitions/invoice-approval/xml");

		assertThat(latest.body().findValuesAsText("key")).contains("invoice-approval");
		assertThat(xml.status()).isEqualTo(200);
		assertThat(xml.text()).contains("<process id=\"invoice-approval\"").contains("sf:owner=");
		assertThat(ada.get("/modeler/api/definitions/no-such-process/xml").status()).isEqualTo(404);
		assertThat(ada.get("/modeler/api/definitions/invoice-approval/xml?version=999").status()).isEqualTo(404);
	}

	@Test
	void toolsAreTheDelegateBeansOfTheApplication() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");

		Answer tools = ada.get("/modeler/api/tools");

		assertThat(tools.status()).isEqualTo(200);
		assertThat(tools.body().findValuesAsText("name")).contains("postToErp", "validateInvoice", "offerTaskToGroup",
				"decisionGuard");
		assertThat(tools.body().findValuesAsText("name")).doesNotContain("erpClient", "processDeployer");
	}

	@Test
	void formsAreTheJsonFilesOfTheFormsDirectory() throws Exception {
		Files.writeString(forms.resolve("invoice-review.json"), "{}");
		Files.writeString(forms.resolve("notes.txt"), "not a form");
		PageSession ada = PageSession.signIn(this.port, "ada");

		Answer answer = ada.get("/modeler/api/forms");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().findValuesAsText("key")).containsExactly("invoice-review");
		assertThat(answer.body().findValuesAsText("file")).containsExactly("invoice-review.json");
	}

	@Test
	void camunda7ImportFromTheModelerConvertsAndLints() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");
		byte[] camunda;
		try (var in = getClass().getResourceAsStream("/camunda7/user-tasks-with-forms.bpmn")) {
			camunda = in.readAllBytes();
		}

		Answer converted = ada.postFile("/modeler/api/import/camunda7", "leave.bpmn", camunda);

		assertThat(converted.status()).isEqualTo(200);
		assertThat(converted.body().path("fileName").asText()).isEqualTo("leave.bpmn20.xml");
		assertThat(converted.body().path("bpmn").asText()).doesNotContain("camunda:");
		assertThat(converted.body().path("notes").findValuesAsText("kind")).contains("converted", "lost");
		assertThat(converted.body().path("readiness").path("findings").findValuesAsText("rule")).contains("owner");
	}

	@Test
	void workersMayNotUseTheModeler() throws Exception {
		PageSession clara = PageSession.signIn(this.port, "clara");

		assertThat(clara.get("/modeler").status()).isEqualTo(403);
		assertThat(clara.get("/modeler/api/tools").status()).isEqualTo(403);
		assertThat(clara
			.postJson("/modeler/api/deployments",
					Map.of("fileName", "x.bpmn20.xml", "xml", TestBpmn.userTaskProcess("workerDeploy", "Review", "g")))
			.status()).isEqualTo(403);
	}

	@Test
	void postsWithoutTheCsrfTokenAreRefused() throws Exception {
		PageSession ada = PageSession.signIn(this.port, "ada");

		Answer forged = ada.postJsonWithoutCsrf("/modeler/api/lint",
				Map.of("fileName", "x.bpmn20.xml", "xml", TestBpmn.userTaskProcess("forged", "Review", "g")));

		assertThat(forged.status()).isEqualTo(403);
	}

	@Test
	void aSignedOutVisitorIsSentToTheLoginPage() throws Exception {
		Answer answer = PageSession.anonymous(this.port).get("/modeler");

		assertThat(answer.status()).isEqualTo(302);
	}

}
