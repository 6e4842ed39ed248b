package io.steadyflow.examples.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in invoice extractor on ordinary, foreign, odd and incomplete invoices.
 */
class InvoiceRulesTest {

	static final String COMPLETE = """
			Northwind Supplies GmbH
			Hauptstraße 5, 10115 Berlin
			VAT ID: DE 123456789

			INVOICE

			Bill to:
			Steadyflow Example Ltd
			1 High Street, London

			Invoice number: NW-2026-0042
			Invoice date: 2026-11-20
			Due date: 2026-12-20

			Consulting, 10 hours            1,000.00
			Subtotal                        1,000.00 EUR
			VAT 19 %                          190.00 EUR
			Total                           1,190.00 EUR

			Please pay to IBAN DE89 3704 0044 0532 0130 00
			""";

	@Test
	void readsEveryFieldOfAnOrdinaryInvoice() {
		InvoiceFields fields = InvoiceRules.extract(COMPLETE);

		assertThat(fields.invoiceNumber()).isEqualTo("NW-2026-0042");
		assertThat(fields.vendor()).isEqualTo("Northwind Supplies GmbH");
		assertThat(fields.invoiceDate()).isEqualTo(LocalDate.of(2026, 11, 20));
		assertThat(fields.dueDate()).isEqualTo(LocalDate.of(2026, 12, 20));
		assertThat(fields.net()).isEqualByComparingTo("1000.00");
		assertThat(fields.vat()).isEqualByComparingTo("190.00");
		assertThat(fields.gross()).isEqualByComparingTo("1190.00");
		assertThat(fields.currency()).isEqualTo("EUR");
		assertThat(fields.vatId()).isEqualTo("DE123456789");
		assertThat(fields.iban()).isEqualTo("DE89370400440532013000");
		assertThat(fields.missing()).isEmpty();
		assertThat(fields.problems()).isEmpty();
		assertThat(fields.confidence()).isEqualTo(1.0);
	}

	@Test
	void readsAGermanInvoiceWithDecimalCommasAndGermanDates() {
		InvoiceFields fields = InvoiceRules.extract("""
				Rechnung
				Lieferant: Bürobedarf Maier KG
				Rechnungsnummer: 2026/1187
				Rechnungsdatum: 03.11.2026
				Zahlbar bis: 17. Dezember 2026
				Nettobetrag: 2.450,00 €
				MwSt. 19 %: 465,50 €
				Gesamtbetrag: 2.915,50 €
				""");

		assertThat(fields.invoiceNumber()).isEqualTo("2026/1187");
		assertThat(fields.vendor()).isEqualTo("Bürobedarf Maier KG");
		assertThat(fields.invoiceDate()).isEqualTo(LocalDate.of(2026, 11, 3));
		assertThat(fields.dueDate()).isEqualTo(LocalDate.of(2026, 12, 17));
		assertThat(fields.net()).isEqualByComparingTo("2450.00");
		assertThat(fields.vat()).isEqualByComparingTo("465.50");
		assertThat(fields.gross()).isEqualByComparingTo("2915.50");
		assertThat(fields.currency()).isEqualTo("EUR");
		assertThat(fields.missing()).isEmpty();
	}

	@Test
	void readsAUsInvoiceWithDollarSignsAndPaymentTerms() {
		InvoiceFields fields = InvoiceRules.extract("""
				ACME Widgets, Inc.
				500 Market St, San Francisco, CA

				Invoice # 10045
				Date: November 5, 2026
				Terms: Net 30

				Widgets x 40                     $2,400.00
				Sales tax                          $198.00
				Amount due                       $2,598.00
				""");

		assertThat(fields.invoiceNumber()).isEqualTo("10045");
		assertThat(fields.vendor()).isEqualTo("ACME Widgets, Inc.");
		assertThat(fields.invoiceDate()).isEqualTo(LocalDate.of(2026, 11, 5));
		assertThat(fields.dueDate()).isEqualTo(LocalDate.of(2026, 12, 5));
		assertThat(fields.dueDateFromTerms()).isTrue();
		assertThat(fields.gross()).isEqualByComparingTo("2598.00");
		assertThat(fields.currency()).isEqualTo("USD");
		assertThat(fields.problems()).contains("the due date was computed from the payment terms");
		assertThat(fields.confidence()).isLessThan(1.0);
	}

	@Test
	void readsTotalsLabelledWithTheTaxTheyInclude() {
		InvoiceFields fields = InvoiceRules.extract("""
				Supplier: Helix Analytics Ltd
				Invoice No. HX/26/310
				Issue date: 01/12/2026
				Payment due: 31/12/2026
				Total excl. VAT          GBP 4,000.00
				Total VAT (20%)          GBP 800.00
				Total incl. VAT          GBP 4,800.00
				""");

		assertThat(fields.invoiceNumber()).isEqualTo("HX/26/310");
		assertThat(fields.vendor()).isEqualTo("Helix Analytics Ltd");
		assertThat(fields.net()).isEqualByComparingTo("4000.00");
		assertThat(fields.vat()).isEqualByComparingTo("800.00");
		assertThat(fields.gross()).isEqualByComparingTo("4800.00");
		assertThat(fields.currency()).isEqualTo("GBP");
		assertThat(fields.dueDate()).isEqualTo(LocalDate.of(2026, 12, 31));
		assertThat(fields.problems()).isEmpty();
	}

	@Test
	void readsAFrenchInvoice() {
		InvoiceFields fields = InvoiceRules.extract("""
				Fournisseur : Atelier Lumière SARL
				Facture N° FA-2026-118
				Date de facture : 05/11/2026
				Date d'échéance : 05/12/2026
				Total HT : 1 250,00 €
				TVA 20 % : 250,00 €
				Total TTC : 1 500,00 €
				""");

		assertThat(fields.invoiceNumber()).isEqualTo("FA-2026-118");
		assertThat(fields.vendor()).isEqualTo("Atelier Lumière SARL");
		assertThat(fields.invoiceDate()).isEqualTo(LocalDate.of(2026, 11, 5));
		assertThat(fields.dueDate()).isEqualTo(LocalDate.of(2026, 12, 5));
		assertThat(fields.net()).isEqualByComparingTo("1250.00");
		assertThat(fields.vat()).isEqualByComparingTo("250.00");
		assertThat(fields.gross()).isEqualByComparingTo("1500.00");
		assertThat(fields.currency()).isEqualTo("EUR");
	}

	@Test
	void aVendorOnlyGuessedFromTheLetterheadIsNotSure() {
		InvoiceFields fields = InvoiceRules.extract("""
				Green Leaf Gardening
				Invoice number 7781
				Invoice date 2026-10-01
				Due date 2026-10-31
				Amount due: EUR 640.00
				""");

		assertThat(fields.vendor()).isEqualTo("Green Leaf Gardening");
		assertThat(fields.vendorGuessed()).isTrue();
		assertThat(fields.missing()).isEmpty();
		assertThat(fields.confidence()).isLessThan(0.9);
	}

	@Test
	void readsATotalInRunningTextWithoutTakingThePaymentTermsForIt() {
		InvoiceFields fields = InvoiceRules.extract("Invoice INV-99 from Globex Corp. Total: USD 500.00. Net 30.");

		assertThat(fields.invoiceNumber()).isEqualTo("INV-99");
		assertThat(fields.vendor()).isEqualTo("Globex Corp.");
		assertThat(fields.gross()).isEqualByComparingTo("500.00");
		assertThat(fields.currency()).isEqualTo("USD");
		assertThat(fields.missing()).containsExactly("dueDate");
	}

	@Test
	void aSentenceIsNotTakenForTheVendor() {
		InvoiceFields fields = InvoiceRules.extract("hello, please pay the attached bill asap, thanks bob");

		assertThat(fields.vendor()).isNull();
		assertThat(fields.missing()).contains("vendor", "invoiceNumber", "amount");
	}

	@Test
	void reportsWhatAnIncompleteInvoiceLacks() {
		InvoiceFields fields = InvoiceRules.extract("""
				Thanks for your order!
				Total: 89.90
				""");

		assertThat(fields.missing()).contains("invoiceNumber", "currency", "dueDate");
		assertThat(fields.gross()).isEqualByComparingTo(new BigDecimal("89.90"));
		assertThat(fields.confidence()).isLessThan(0.6);
	}

	@Test
	void totalsThatDoNotAddUpLowerTheConfidence() {
		InvoiceFields fields = InvoiceRules.extract(COMPLETE.replace("Total                           1,190.00 EUR",
				"Total                           1,290.00 EUR"));

		assertThat(fields.missing()).isEmpty();
		assertThat(fields.problems()).anyMatch((problem) -> problem.contains("is not the total"));
		assertThat(fields.confidence()).isLessThan(0.9);
	}

	@Test
	void emptyTextGivesNothingAndNoConfidence() {
		InvoiceFields fields = InvoiceRules.extract("");

		assertThat(fields.missing()).containsExactlyElementsOf(InvoiceFields.REQUIRED);
		assertThat(fields.confidence()).isZero();
	}

	@Test
	void oddTextNeverBreaksTheExtractor() {
		java.util.Random random = new java.util.Random(42);
		StringBuilder noise = new StringBuilder();
		for (int i = 0; i < 20_000; i++) {
			noise.append((char) (32 + random.nextInt(200)));
			if (i % 80 == 0) {
				noise.append('\n');
			}
		}
		for (String text : List.of(noise.toString(),
				"Invoice 2026-13-45\nDue 31.02.2026\nTotal 99999999999999999999.999",
				"Total: EUR\nDue date:\nInvoice no:", "€€€ 1.2.3,4,5 due 00/00/0000", "INVOICE\n\n\n")) {
			InvoiceFields fields = InvoiceRules.extract(text);
			assertThat(fields.confidence()).isBetween(0.0, 1.0);
			assertThat(fields.missing()).isNotNull();
		}
	}

	@Test
	void rejectsAnIbanWithWrongCheckDigits() {
		assertThat(InvoiceRules.validIban("DE89370400440532013000")).isTrue();
		assertThat(InvoiceRules.validIban("DE88370400440532013000")).isFalse();
	}

}
