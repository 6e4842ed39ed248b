package io.steadyflow.ai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text an AI step reads from a variable value: plain text as it is; a PDF (raw bytes,
 * or a base64 string as JSON start requests carry it) by its text layer. Scanned PDFs
 * without a text layer give no text, and the step reports what is missing.
 */
final class DocumentText {

	/** Large enough for any invoice, small enough to bound the work of one step. */
	static final int MAX_PDF_BYTES = 10 * 1024 * 1024;

	static final int MAX_PDF_PAGES = 50;

	private DocumentText() {
	}

	static String of(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof byte[] bytes) {
			return isPdf(bytes) ? pdfText(bytes) : new String(bytes, StandardCharsets.UTF_8);
		}
		String text = value.toString();
		// "JVBERi" is "%PDF" in base64
		if (text.startsWith("JVBERi") || text.startsWith("data:application/pdf;base64,")) {
			String payload = text.substring(text.indexOf(',') + 1);
			byte[] bytes;
			try {
				bytes = Base64.getMimeDecoder().decode(payload);
			}
			catch (IllegalArgumentException ex) {
				throw new AiFailure("The PDF is not valid base64: " + ex.getMessage(), ex);
			}
			return pdfText(bytes);
		}
		return text;
	}

	static boolean isPdf(byte[] bytes) {
		return bytes.length > 4 && bytes[0] == '%' && bytes[1] == 'P' && bytes[2] == 'D' && bytes[3] == 'F';
	}

	static String pdfText(byte[] bytes) {
		if (bytes.length > MAX_PDF_BYTES) {
			throw new AiFailure("The PDF has " + bytes.length + " bytes, more than the " + MAX_PDF_BYTES + " allowed");
		}
		try (PDDocument document = Loader.loadPDF(bytes)) {
			if (document.getNumberOfPages() > MAX_PDF_PAGES) {
				throw new AiFailure("The PDF has " + document.getNumberOfPages() + " pages, more than the "
						+ MAX_PDF_PAGES + " read");
			}
			PDFTextStripper stripper = new PDFTextStripper();
			stripper.setSortByPosition(true);
			return stripper.getText(document);
		}
		catch (IOException ex) {
			throw new AiFailure("The PDF cannot be read: " + ex.getMessage(), ex);
		}
	}

}
