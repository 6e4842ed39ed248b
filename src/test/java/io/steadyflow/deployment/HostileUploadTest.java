package io.steadyflow.deployment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.steadyflow.support.Api;
import io.steadyflow.support.Api.Response;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.TestBpmn;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deploying BPMN is deploying code, and the upload endpoint parses XML from the network:
 * every hostile or broken upload is refused with a 4xx that says why, quickly, and
 * deploys nothing.
 */
@H2Test
class HostileUploadTest {

	/** Far below the ~30 s of CPU a nested-subprocess bomb costs the unguarded parser. */
	static final long QUICKLY_MILLIS = 5_000;

	static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	ProcessEngineConfiguration engineConfiguration;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.rest);
	}

	@Test
	void externalGeneralEntityIsRefused() {
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
				<definitions xmlns="%s" targetNamespace="x"><process id="xxe" name="&secret;" isExecutable="true"/></definitions>
				"""
			.formatted(BPMN_NS);
		Response response = assertRefused("xxe.bpmn20.xml", xxe.getBytes(StandardCharsets.UTF_8), 400, "DOCTYPE");
		assertThat(response.body().toString()).doesNotContain("root:");
	}

	@Test
	void externalParameterEntityIsRefused() {
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE definitions [<!ENTITY %% remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %%remote;]>
				<definitions xmlns="%s" targetNamespace="x"><process id="xxe2" isExecutable="true"/></definitions>
				""".formatted(BPMN_NS);
		assertRefused("xxe-param.bpmn", xxe.getBytes(StandardCharsets.UTF_8), 400, "DOCTYPE");
	}

	@Test
	void billionLaughsIsRefused() {
		StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
		for (int i = 1; i <= 9; i++) {
			entities.append("<!ENTITY lol")
				.append(i)
				.append(" \"")
				.append(("&lol" + (i - 1) + ";").repeat(10))
				.append("\">");
		}
		String bomb = "<?xml version=\"1.0\"?><!DOCTYPE definitions [" + entities + "]><definitions xmlns=\"" + BPMN_NS
				+ "\" targetNamespace=\"x\"><process id=\"lol\" name=\"&lol9;\" isExecutable=\"true\"/></definitions>";
		assertRefused("laughs.bpmn", bomb.getBytes(StandardCharsets.UTF_8), 400, "DOCTYPE");
	}

	@Test
	void deeplyNestedModelIsRefusedBeforeTheFullParse() {
		StringBuilder xml = new StringBuilder("<definitions xmlns=\"" + BPMN_NS
				+ "\" targetNamespace=\"x\"><process id=\"deep\" isExecutable=\"true\"><startEvent id=\"s\"/>");
		int depth = 5_000;
		for (int i = 0; i < depth; i++) {
			xml.append("<subProcess id=\"sp").append(i).append("\">");
		}
		for (int i = 0; i < depth; i++) {
			xml.append("</subProcess>");
		}
		xml.append("</process></definitions>");
		assertRefused("deep.bpmn", xml.toString().getBytes(StandardCharsets.UTF_8), 400, "nested deeper than");
	}

	@Test
	void nonXmlIsRefused() {
		assertRefused("notes.bpmn", "This is not XML, just text.".getBytes(StandardCharsets.UTF_8), 400,
				"not well-formed XML");
	}

	@Test
	void xmlThatIsNotBpmnIsRefused() {
		assertRefused("page.bpmn20.xml", "<html><body>hello</body></html>".getBytes(StandardCharsets.UTF_8), 400,
				"not a BPMN 2.0 file");
	}

	@Test
	void emptyFileIsRefused() {
		assertRefused("empty.bpmn", new byte[0], 400, "empty");
	}

	@Test
	void truncatedFileIsRefused() throws Exception {
		byte[] whole = Files.readAllBytes(Path.of("processes/invoice-approval.bpmn20.xml"));
		byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
		Response response = assertRefused("invoice-approval.bpmn20.xml", half, 400, "invoice-approval.bpmn20.xml");
		assertThat(response.body().path("errors").get(0).path("line").asInt()).isPositive();
	}

	@Test
	void oversizedFileIsRefused() {
		byte[] big = new byte[3 * 1024 * 1024];
		java.util.Arrays.fill(big, (byte) ' ');
		assertRefused("huge.bpmn", big, 413, "larger");
	}

	@Test
	void fileWithAnotherExtensionIsRefused() {
		assertRefused("tool.exe", TestBpmn.bytes(TestBpmn.userTaskProcess("exe", "A", "approvers")), 400,
				"name it *.bpmn");
	}

	@Test
	void requestWithoutFileIsRefused() {
		Response response = this.api.deploy("ada", Map.of());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("'file'");
	}

	@Test
	void zipEntryEscapingTheArchiveIsRefused() {
		byte[] zip = TestBpmn
			.zip(Map.of("../escape.bpmn20.xml", TestBpmn.bytes(TestBpmn.userTaskProcess("escape", "A", "approvers"))));
		assertRefused("slip.zip", zip, 400, "points outside the archive");
		byte[] absolute = TestBpmn
			.zip(Map.of("/tmp/absolute.bpmn", TestBpmn.bytes(TestBpmn.userTaskProcess("absolute", "A", "approvers"))));
		assertRefused("absolute.zip", absolute, 400, "points outside the archive");
	}

	@Test
	void zipBombIsRefused() {
		byte[] zeros = new byte[50 * 1024 * 1024];
		byte[] zip = TestBpmn.zip(Map.of("bomb.bpmn", zeros));
		assertThat(zip.length).as("the archive itself is small").isLessThan(1024 * 1024);
		assertRefused("bomb.zip", zip, 400, "larger than");
	}

	@Test
	void zipWithTooManyEntriesIsRefused() {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < 250; i++) {
			entries.put("p" + i + ".bpmn", TestBpmn.bytes(TestBpmn.userTaskProcess("many" + i, "A", "approvers")));
		}
		assertRefused("many.zip", TestBpmn.zip(entries), 400, "more than 200 entries");
	}

	@Test
	void zipWithOtherFilesIsRefused() {
		byte[] zip = TestBpmn.zip(Map.of("run.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8)));
		assertRefused("script.zip", zip, 400, "not a BPMN file");
	}

	@Test
	void notAZipIsRefused() {
		assertRefused("fake.zip", "PK this is no archive".getBytes(StandardCharsets.UTF_8), 400, "fake.zip");
	}

	@Test
	void engineParsesWithSafeXmlSoNoRouteAroundTheUploadCheckReadsEntities() {
		assertThat(((ProcessEngineConfigurationImpl) this.engineConfiguration).isEnableSafeBpmnXml()).isTrue();
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
				<definitions xmlns="%s" targetNamespace="x"><process id="engineXxe" name="&secret;" isExecutable="true">
				<startEvent id="s"/></process></definitions>
				""".formatted(BPMN_NS);
		long before = this.repositoryService.createDeploymentQuery().count();
		assertThatThrownBy(
				() -> this.repositoryService.createDeployment().addString("engine-xxe.bpmn20.xml", xxe).deploy())
			.isInstanceOf(RuntimeException.class);
		assertThat(this.repositoryService.createDeploymentQuery().count()).isEqualTo(before);
	}

	private Response assertRefused(String fileName, byte[] content, int status, String messagePart) {
		long deploymentsBefore = this.repositoryService.createDeploymentQuery().count();
		long start = System.nanoTime();
		Response response = this.api.deploy("ada", Map.of(fileName, content));
		long millis = (System.nanoTime() - start) / 1_000_000;

		assertThat(response.status()).as("status for %s: %s", fileName, response.body()).isEqualTo(status);
		assertThat(response.text("detail")).as("message for %s", fileName).contains(messagePart);
		assertThat(response.body().toString()).doesNotContain("\\tat ").doesNotContain("Exception:");
		assertThat(this.repositoryService.createDeploymentQuery().count()).as("nothing deployed")
			.isEqualTo(deploymentsBefore);
		assertThat(millis).as("refused quickly").isLessThan(QUICKLY_MILLIS);
		return response;
	}

}
