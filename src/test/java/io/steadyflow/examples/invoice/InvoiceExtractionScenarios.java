package io.steadyflow.examples.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.ai.AiProvenance;
import io.steadyflow.support.Jobs;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoice workflow started with the invoice itself instead of its fields: read by the
 * built-in extractor (no chat model configured), from text and from a PDF made here; sure
 * and complete readings go on to validation, incomplete or odd ones to a clerk's review
 * pre-filled with what was read.
 */
abstract class InvoiceExtractionScenarios {

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	HistoryService historyService;

	@Autowired
	ManagementService managementService;

	@Autowired
	AiProvenance provenance;

	Jobs jobs;

	@BeforeEach
	void setUp() {
		this.jobs = new Jobs(this.managementService);
	}

	@Test
	void completeTextInvoiceIsReadAndGoesStraightToApproval() throws Exception {
		ProcessInstance instance = start(Map.of("invoiceText", InvoiceRulesTest.COMPLETE));
		this.jobs.runAll(instance.getId());

		assertThat(waitsIn(instance)).isEqualTo("approveInvoice");
		Map<String, Object> variables = this.runtimeService.getVariables(instance.getId());
		assertThat(variables).containsEntry("vendor", "Northwind Supplies GmbH")
			.containsEntry("invoiceNumber", "NW-2026-0042")
			.containsEntry("currency", "EUR")
			.containsEntry("dueDate", LocalDate.of(2026, 12, 20));
		assertThat((BigDecimal) variables.get("amount")).isEqualByComparingTo("1190.00");
		assertThat(path(instance)).containsSubsequence("invoiceReceived", "documentAttached", "extractInvoice",
				"extractionCheck", "takeExtractedFields", "validateInvoice", "amountCheck");

		List<AiProvenance.AiRecord> records = this.provenance.forInstance(instance.getId());
		assertThat(records).hasSize(1);
		assertThat(records.get(0).kind()).isEqualTo("extract");
		assertThat(records.get(0).modelId()).isEqualTo("steadyflow-invoice-rules");
		assertThat(records.get(0).inputSha256()).isEqualTo(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256")
				.digest(InvoiceRulesTest.COMPLETE.strip().getBytes(StandardCharsets.UTF_8))));
		assertThat(records.get(0).confidence()).isEqualTo(1.0);
	}

	@Test
	void pdfInvoiceIsReadFromItsTextLayer() throws IOException {
		List<String> lines = new java.util.ArrayList<>(List.of("Bright Office Ltd", "VAT Reg No: GB123456789",
				"INVOICE", "Invoice No: BO-7781", "Invoice Date: 14/11/2026", "Payment due: 14/12/2026"));
		for (int item = 1; item <= 60; item++) {
			lines.add("Item " + item + ": office chair, ergonomic, grey fabric, delivered and assembled on site");
		}
		lines.addAll(List.of("Net amount: GBP 1,500.00", "VAT 20%: GBP 300.00", "Total due: GBP 1,800.00"));
		String pdf = Base64.getEncoder().encodeToString(pdf(lines.toArray(String[]::new)));
		// longer than the engine's plain string variables: stored as a long string
		assertThat(pdf.length()).isGreaterThan(4000);
		ProcessInstance instance = start(Map.of("invoicePdf", pdf));
		this.jobs.runAll(instance.getId());

		JsonNode read = (JsonNode) this.runtimeService.getVariable(instance.getId(), "invoiceExtraction");
		assertThat(read.get("invoiceNumber").asText()).isEqualTo("BO-7781");
		assertThat(read.get("vendor").asText()).isEqualTo("Bright Office Ltd");
		assertThat(read.get("vatId").asText()).isEqualTo("GB123456789");
		assertThat(read.get("dueDate").asText()).isEqualTo("2026-12-14");
		assertThat(read.get("gross").decimalValue()).isEqualByComparingTo("1800.00");
		assertThat(read.get("currency").asText()).isEqualTo("GBP");
		assertThat(read.get("complete").asBoolean()).isTrue();
		assertThat(waitsIn(instance)).isEqualTo("approveInvoice");
		assertThat(this.runtimeService.getVariable(instance.getId(), "currency")).isEqualTo("GBP");
	}

	@Test
	void incompleteInvoiceGoesToAClerkWhoCompletesIt() {
		ProcessInstance instance = start(Map.of("invoiceText", """
				Quick Print Shop
				Invoice 5531
				Flyers, 2000 pieces
				Total 1,240.00 EUR
				"""));
		this.jobs.runAll(instance.getId());

		JsonNode read = (JsonNode) this.runtimeService.getVariable(instance.getId(), "invoiceExtraction");
		assertThat(read.get("complete").asBoolean()).isFalse();
		assertThat(read.get("missing")).extracting(JsonNode::asText).containsExactly("dueDate");
		assertThat(read.get("summary").asText()).contains("Not found: dueDate");
		Task review = this.taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
		assertThat(review.getTaskDefinitionKey()).isEqualTo("reviewExtractedInvoice");
		assertThat(review.getFormKey()).isEqualTo("review-invoice");
		assertThat(review.getDueDate()).isNotNull();
		// nothing was taken over without a person
		assertThat(this.runtimeService.hasVariable(instance.getId(), "amount")).isFalse();

		this.taskService.complete(review.getId(), Map.of("vendor", "Quick Print Shop", "invoiceNumber", "5531",
				"amount", new BigDecimal("1240.00"), "currency", "EUR", "dueDate", LocalDate.of(2026, 12, 31)));
		this.jobs.runAll(instance.getId());

		assertThat(waitsIn(instance)).isEqualTo("approveInvoice");
		assertThat(path(instance)).containsSubsequence("extractInvoice", "extractionCheck", "reviewExtractedInvoice",
				"validateInvoice");
	}

	@Test
	void invoiceWhoseTotalsDoNotAddUpIsReviewed() {
		ProcessInstance instance = start(
				Map.of("invoiceText", InvoiceRulesTest.COMPLETE.replace("1,190.00 EUR", "1,910.00 EUR")));
		this.jobs.runAll(instance.getId());

		JsonNode read = (JsonNode) this.runtimeService.getVariable(instance.getId(), "invoiceExtraction");
		assertThat(read.get("complete").asBoolean()).isTrue();
		assertThat(read.get("sure").asBoolean()).isFalse();
		assertThat(read.get("problems").toString()).contains("is not the total");
		assertThat(waitsIn(instance)).isEqualTo("reviewExtractedInvoice");
	}

	@Test
	void scannedPdfWithoutTextLayerIsReviewedNotGuessed() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (PDDocument document = new PDDocument()) {
			document.addPage(new PDPage());
			document.save(out);
		}
		ProcessInstance instance = start(Map.of("invoicePdf", Base64.getEncoder().encodeToString(out.toByteArray())));
		this.jobs.runAll(instance.getId());

		JsonNode read = (JsonNode) this.runtimeService.getVariable(instance.getId(), "invoiceExtraction");
		assertThat(read.get("confidence").asDouble()).isZero();
		assertThat(read.get("missing")).hasSize(5);
		assertThat(waitsIn(instance)).isEqualTo("reviewExtractedInvoice");
	}

	@Test
	void startWithTheFieldsSkipsReading() {
		ProcessInstance instance = start(Map.of("vendor", "ACME Supplies", "invoiceNumber", "INV-1", "amount",
				"2500.00", "currency", "EUR", "dueDate", "2026-12-31"));

		assertThat(waitsIn(instance)).isEqualTo("approveInvoice");
		assertThat(path(instance)).doesNotContain("extractInvoice");
		assertThat(this.provenance.forInstance(instance.getId())).isEmpty();
	}

	static byte[] pdf(String... lines) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(document, page,
					PDPageContentStream.AppendMode.OVERWRITE, false)) {
				content.beginText();
				content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 7);
				content.setLeading(10);
				content.newLineAtOffset(40, 760);
				for (String line : lines) {
					content.showText(line);
					content.newLine();
				}
				content.endText();
			}
			document.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
		}
		return out.toByteArray();
	}

	private ProcessInstance start(Map<String, Object> variables) {
		return this.runtimeService.startProcessInstanceByKey("invoice-approval", variables);
	}

	private String waitsIn(ProcessInstance instance) {
		return this.taskService.createTaskQuery()
			.processInstanceId(instance.getId())
			.list()
			.stream()
			.map(Task::getTaskDefinitionKey)
			.findFirst()
			.orElse(null);
	}

	private List<String> path(ProcessInstance instance) {
		return this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.orderByHistoricActivityInstanceId()
			.asc()
			.list()
			.stream()
			.filter((activity) -> !"sequenceFlow".equals(activity.getActivityType()))
			.map(HistoricActivityInstance::getActivityId)
			.toList();
	}

}
