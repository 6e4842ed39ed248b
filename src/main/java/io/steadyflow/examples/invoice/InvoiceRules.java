package io.steadyflow.examples.invoice;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.ai.ExtractedJson;

/**
 * The built-in invoice extractor, used when no chat model is configured: labelled fields
 * found by regular expressions over the invoice's lines (English and German labels),
 * amounts in either decimal convention, dates in the common formats, IBANs checked by
 * their check digits. It reports what it did not find rather than guessing; where it does
 * guess (the vendor from the letterhead, the due date from payment terms) it says so, and
 * the confidence drops.
 */
final class InvoiceRules {

	static final String MODEL_ID = "steadyflow-invoice-rules";

	static final String VERSION = "1";

	private static final Pattern INVOICE_NUMBER = Pattern.compile(
			"(?i)\\b(?:invoice|rechnung|facture|bill)\\s*(?:no\\.?|number|nr\\.?|num(?:ber)?|n°|nº|numéro|#|-?s?nummer|id)?\\s*[:#.]?\\s*#?\\s*([A-Z0-9][A-Z0-9./_-]{1,39})");

	private static final Pattern NUMBER_ONLY_LABEL = Pattern
		.compile("(?i)^\\s*(?:no\\.?|number|nr\\.?|ref(?:erence)?|#)\\s*[:#]?\\s*([A-Z0-9][A-Z0-9./_-]{1,39})\\s*$");

	private static final Pattern AMOUNT = Pattern
		.compile("(?<![\\w.,])(-?(?:\\d{1,3}(?:[,. '\u00a0]\\d{3})+|\\d+)(?:[.,]\\d{1,2})?)(?![\\w]|[.,]\\d)");

	private static final Pattern CURRENCY_CODE = Pattern
		.compile("\\b(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|CAD|AUD|JPY)\\b");

	private static final Pattern IBAN = Pattern
		.compile("\\b([A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\\b");

	private static final Pattern VAT_ID = Pattern.compile(
			"\\b((?:AT)U\\d{8}|(?:BE)0?\\d{9,10}|(?:DE|EE|EL|GR|PT)\\d{9}|(?:FR)[A-Z0-9]{2}\\d{9}|(?:GB)\\d{9,12}|(?:NL)\\d{9}B\\d{2}|(?:IT|LV)\\d{11}|(?:ES)[A-Z0-9]\\d{7}[A-Z0-9]|(?:DK|FI|HU|LU|MT|SI)\\d{8}|(?:IE)\\d{7}[A-Z]{1,2}|(?:PL|SK)\\d{10}|(?:SE)\\d{12}|(?:CHE)[-. ]?\\d{3}[.]?\\d{3}[.]?\\d{3}(?: ?(?:MWST|TVA|IVA))?|(?:CZ)\\d{8,10})\\b");

	private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b");

	private static final Pattern NUMERIC_DATE = Pattern.compile("\\b(\\d{1,2})([./])(\\d{1,2})\\2(\\d{4}|\\d{2})\\b");

	private static final Pattern DAY_MONTH_YEAR = Pattern
		.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+([A-Za-zä]{3,9})\\.?,?\\s+(\\d{4})\\b");

	private static final Pattern MONTH_DAY_YEAR = Pattern
		.compile("(?i)\\b([A-Za-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");

	private static final Pattern TERMS_DAYS = Pattern.compile(
			"(?i)(?:net\\s*(\\d{1,3})\\b|(?:within|in|innerhalb(?: von)?)\\s+(\\d{1,3})\\s*(?:days|tagen|tage)|(\\d{1,3})\\s*days\\s*net|payment terms?:?\\s*(\\d{1,3})\\s*days)");

	private static final Pattern VENDOR_LABEL = Pattern.compile(
			"(?i)^\\s*(?:from|vendor|supplier|seller|issued by|bill from|sold by|lieferant|verkäufer|fournisseur|émetteur)\\s*[:\\-]\\s*(.+)$");

	private static final Pattern COMPANY_SUFFIX = Pattern.compile(
			"(?i)\\b(GmbH|AG|KG|UG|Ltd\\.?|Limited|LLC|L\\.L\\.C\\.|Inc\\.?|Corp\\.?|Corporation|S\\.?A\\.?S?|S\\.?r\\.?l\\.?|SARL|B\\.?V\\.?|N\\.?V\\.?|Oy|AB|A/S|ApS|plc|LLP|Co\\.|S\\.?p\\.?A\\.?|sp\\. z o\\.o\\.)(?=\\W|$)");

	private static final Pattern RECIPIENT_BLOCK = Pattern.compile(
			"(?i)^\\s*(bill(?:ed)? to|invoice to|sold to|ship to|customer|recipient|client|rechnungsempfänger|kunde|an)\\b");

	/** Lines with a total before tax, or terms: not the total to pay. */
	private static final Pattern NOT_GROSS = Pattern.compile(
			"(?i)\\b(sub-?total|net(?!\\s*\\d|\\s*à payer)|excl\\w*|exkl\\w*|before tax|zwischensumme|netto|ht)\\b");

	/**
	 * A full stop that ends a sentence: followed by a space and a letter, not a digit.
	 */
	private static final Pattern SENTENCE_END = Pattern.compile("[.;!?]\\s+(?=\\p{L})");

	private static final Pattern DIGIT = Pattern.compile("\\d");

	/** "... from Globex Corp." inside running text. */
	private static final Pattern FROM_COMPANY = Pattern
		.compile("(?i)\\b(?:from|by|von|de)\\s+(\\p{Lu}[^,;:\\n]{0,60}?)$");

	private static final Pattern TAX_WORD = Pattern.compile("(?i)\\b(vat|tax|mwst|ust|gst|tva)\\b");

	private static final Pattern INCLUDING = Pattern
		.compile("(?i)\\b(incl\\w*|inkl\\w*|ttc|brutto|gross|total due|amount due|balance due)\\b");

	private static final Pattern NOT_NET = Pattern.compile("(?i)\\b(net\\s*\\d+|within|net à payer)\\b");

	private static final Pattern NOT_VAT = Pattern.compile(
			"(?i)\\b(vat\\s*(id|no|number|reg\\w*)|tax\\s*id|ust-?id\\w*|excl\\w*|exkl\\w*|incl\\w*|inkl\\w*|before tax|ttc|ht|total(?!\\s*(vat|tax|mwst|tva|gst)))\\b");

	private static final Map<String, String> SYMBOLS = Map.of("€", "EUR", "$", "USD", "£", "GBP", "US$", "USD", "Fr.",
			"CHF", "SFr.", "CHF");

	private InvoiceRules() {
	}

	static InvoiceFields extract(String text) {
		String normalized = text.replace('\u00a0', ' ').replace("\r", "");
		List<String> lines = normalized.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();

		String invoiceNumber = invoiceNumber(lines);
		LocalDate invoiceDate = labelledDate(lines,
				"(?i)\\b(invoice date|date of issue|issue date|issued on|issued|rechnungsdatum|date de facture|date de facturation|datum|date)\\b");
		LocalDate dueDate = labelledDate(lines,
				"(?i)(\\bdue date|\\bpayment due|\\bdue by|\\bdue on|\\bpay by|\\bpayable by|\\bpayable until|\\bdue\\b|\\bfällig(?:keit)?|\\bzahlbar bis|\\bzahlungsziel|échéance|à payer avant)");
		if (invoiceDate != null && invoiceDate.equals(dueDate)) {
			// "Due date" also matched the general "date" label: only keep it as the due
			// date
			// when the line really names the due date
			invoiceDate = labelledDate(lines,
					"(?i)\\b(invoice date|date of issue|issue date|issued on|rechnungsdatum)\\b");
		}
		boolean dueFromTerms = false;
		if (dueDate == null && invoiceDate != null) {
			Integer days = termsDays(normalized);
			if (days != null) {
				dueDate = invoiceDate.plusDays(days);
				dueFromTerms = true;
			}
		}

		BigDecimal gross = labelledAmount(lines,
				"(?i)\\b(grand total|total due|amount due|balance due|total amount|invoice total|total incl\\.?|total including|gross|gesamtbetrag|rechnungsbetrag|bruttobetrag|zu zahlen|total ttc|montant ttc|net à payer|total)\\b",
				(line) -> NOT_GROSS.matcher(line).find()
						|| TAX_WORD.matcher(line).find() && !INCLUDING.matcher(line).find());
		BigDecimal net = labelledAmount(lines,
				"(?i)\\b(sub-?total|net amount|net total|total net|net|total excl\\.?|total excluding|amount before tax|nettobetrag|netto|zwischensumme|total ht|montant ht)\\b",
				(line) -> NOT_NET.matcher(line).find());
		BigDecimal vat = labelledAmount(lines, "(?i)\\b(vat|tax|mwst|ust|gst|sales tax|umsatzsteuer|tva)\\b",
				(line) -> NOT_VAT.matcher(line).find());
		if (gross == null && net != null && vat != null) {
			gross = net.add(vat);
		}
		if (gross == null && net != null && vat == null && !normalized.toLowerCase(Locale.ROOT).contains("vat")) {
			gross = net;
		}
		if (net == null && gross != null && vat != null) {
			net = gross.subtract(vat);
		}

		String vendor = null;
		boolean vendorGuessed = false;
		for (String line : lines) {
			Matcher matcher = VENDOR_LABEL.matcher(line);
			if (matcher.find()) {
				vendor = cleanVendor(matcher.group(1));
				break;
			}
		}
		if (vendor == null) {
			vendor = companyLine(lines);
			if (vendor == null) {
				vendor = letterhead(lines);
				vendorGuessed = vendor != null;
			}
		}

		return new InvoiceFields(invoiceNumber, vendor, invoiceDate, dueDate, net, vat, gross, currency(normalized),
				vatId(normalized), iban(normalized), vendorGuessed, dueFromTerms);
	}

	private static String invoiceNumber(List<String> lines) {
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			Matcher matcher = INVOICE_NUMBER.matcher(line);
			while (matcher.find()) {
				String candidate = trimPunctuation(matcher.group(1));
				if (candidate.chars().anyMatch(Character::isDigit) && !looksLikeDate(candidate)
						&& !line.toLowerCase(Locale.ROOT).matches(".*invoice\\s+date.*")) {
					return candidate;
				}
			}
			// "Invoice number" on one line, the number on the next
			if (line.matches("(?i).*\\b(invoice|rechnung)\\s*(no\\.?|number|nr\\.?|#|nummer)\\s*:?\\s*$")
					&& i + 1 < lines.size()) {
				String next = lines.get(i + 1).split("\\s+")[0];
				if (next.matches("[A-Z0-9][A-Z0-9./_-]{1,39}") && next.chars().anyMatch(Character::isDigit)) {
					return trimPunctuation(next);
				}
			}
			Matcher only = NUMBER_ONLY_LABEL.matcher(line);
			if (only.find() && i > 0 && lines.get(i - 1).toLowerCase(Locale.ROOT).contains("invoice")
					&& only.group(1).chars().anyMatch(Character::isDigit)) {
				return trimPunctuation(only.group(1));
			}
		}
		return null;
	}

	private static boolean looksLikeDate(String candidate) {
		return ISO_DATE.matcher(candidate).matches() || NUMERIC_DATE.matcher(candidate).matches();
	}

	private static String trimPunctuation(String value) {
		return value.replaceAll("[.,;:/_-]+$", "");
	}

	private static LocalDate labelledDate(List<String> lines, String label) {
		Pattern labelPattern = Pattern.compile(label);
		for (int i = 0; i < lines.size(); i++) {
			Matcher matcher = labelPattern.matcher(lines.get(i));
			if (matcher.find()) {
				LocalDate date = firstDate(lines.get(i).substring(matcher.end()));
				if (date == null && i + 1 < lines.size()
						&& lines.get(i).substring(matcher.end()).strip().matches("[:\\s]*")) {
					date = firstDate(lines.get(i + 1));
				}
				if (date != null) {
					return date;
				}
			}
		}
		return null;
	}

	static LocalDate firstDate(String text) {
		List<int[]> found = new ArrayList<>();
		Matcher iso = ISO_DATE.matcher(text);
		if (iso.find()) {
			found.add(new int[] { iso.start(), Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
					Integer.parseInt(iso.group(3)) });
		}
		Matcher numeric = NUMERIC_DATE.matcher(text);
		if (numeric.find()) {
			int first = Integer.parseInt(numeric.group(1));
			int second = Integer.parseInt(numeric.group(3));
			int year = Integer.parseInt(numeric.group(4));
			year = (year < 100) ? 2000 + year : year;
			// day first (European), unless that is impossible and month first works (US)
			boolean usOrder = "/".equals(numeric.group(2)) && second > 12 && first <= 12;
			found.add(usOrder ? new int[] { numeric.start(), year, first, second }
					: new int[] { numeric.start(), year, second, first });
		}
		Matcher dmy = DAY_MONTH_YEAR.matcher(text);
		if (dmy.find() && month(dmy.group(2)) > 0) {
			found.add(new int[] { dmy.start(), Integer.parseInt(dmy.group(3)), month(dmy.group(2)),
					Integer.parseInt(dmy.group(1)) });
		}
		Matcher mdy = MONTH_DAY_YEAR.matcher(text);
		if (mdy.find() && month(mdy.group(1)) > 0) {
			found.add(new int[] { mdy.start(), Integer.parseInt(mdy.group(3)), month(mdy.group(1)),
					Integer.parseInt(mdy.group(2)) });
		}
		found.sort((a, b) -> Integer.compare(a[0], b[0]));
		for (int[] date : found) {
			try {
				return LocalDate.of(date[1], date[2], date[3]);
			}
			catch (java.time.DateTimeException ex) {
				// not a real date: try the next candidate
			}
		}
		return null;
	}

	private static int month(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.length() < 3) {
			return 0;
		}
		for (Month month : Month.values()) {
			for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN)) {
				String full = month.getDisplayName(TextStyle.FULL, locale).toLowerCase(Locale.ROOT);
				if (full.startsWith(lower.substring(0, 3)) && full.startsWith(lower.replace(".", ""))) {
					return month.getValue();
				}
			}
		}
		return ("mrz".equals(lower) || "märz".equals(lower)) ? 3 : 0;
	}

	private static Integer termsDays(String text) {
		Matcher matcher = TERMS_DAYS.matcher(text);
		if (matcher.find()) {
			for (int g = 1; g <= matcher.groupCount(); g++) {
				if (matcher.group(g) != null) {
					return Integer.valueOf(matcher.group(g));
				}
			}
		}
		return null;
	}

	/**
	 * The amount on the last line carrying the label (totals come last), ignoring lines
	 * that carry an excluding label (e.g. "Subtotal" when looking for the total).
	 */
	private static BigDecimal labelledAmount(List<String> lines, String label,
			java.util.function.Predicate<String> exclude) {
		Pattern labelPattern = Pattern.compile(label);
		BigDecimal found = null;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			Matcher matcher = labelPattern.matcher(line);
			if (!matcher.find() || exclude.test(line)) {
				continue;
			}
			String rest = line.substring(matcher.end());
			BigDecimal amount = lastAmount(sentence(rest));
			if (amount == null && rest.strip().matches("[:\\s]*") && i + 1 < lines.size()) {
				amount = lastAmount(lines.get(i + 1));
			}
			if (amount != null) {
				found = amount;
			}
		}
		return found;
	}

	/**
	 * The text up to the end of its first sentence, without payment terms: in "Total: USD
	 * 500.00. Net 30." the amount is 500.00, not the 30 days.
	 */
	private static String sentence(String text) {
		Matcher digit = DIGIT.matcher(text);
		Matcher end = SENTENCE_END.matcher(text);
		String first = (digit.find() && end.find(digit.start())) ? text.substring(0, end.start()) : text;
		return TERMS_DAYS.matcher(first).replaceAll(" ");
	}

	/** The last money amount of a text, skipping percentages ("VAT 19 %"). */
	static BigDecimal lastAmount(String text) {
		Matcher matcher = AMOUNT.matcher(text);
		BigDecimal last = null;
		while (matcher.find()) {
			String after = text.substring(matcher.end()).stripLeading();
			if (after.startsWith("%")) {
				continue;
			}
			BigDecimal amount = ExtractedJson.parseAmount(matcher.group(1));
			if (amount != null) {
				last = amount;
			}
		}
		return last;
	}

	/** 1,234.56 / 1.234,56 / 1 234,56 / 1'234.56 / 1234.5 / 1234 */
	private static String currency(String text) {
		Matcher code = CURRENCY_CODE.matcher(text);
		if (code.find()) {
			return code.group(1);
		}
		for (Map.Entry<String, String> symbol : SYMBOLS.entrySet()) {
			if (text.contains(symbol.getKey()) && !"$".equals(symbol.getKey())) {
				return symbol.getValue();
			}
		}
		return text.contains("$") ? "USD" : null;
	}

	private static String vatId(String text) {
		Matcher matcher = VAT_ID.matcher(text.replaceAll("(?<=[A-Z]{2})\\s(?=\\d)", ""));
		return matcher.find() ? matcher.group(1).replace(" ", "") : null;
	}

	private static String iban(String text) {
		Matcher matcher = IBAN.matcher(text);
		while (matcher.find()) {
			String iban = matcher.group(1).replace(" ", "");
			if (validIban(iban)) {
				return iban;
			}
		}
		return null;
	}

	static boolean validIban(String iban) {
		if (iban.length() < 15 || iban.length() > 34) {
			return false;
		}
		String rearranged = iban.substring(4) + iban.substring(0, 4);
		StringBuilder digits = new StringBuilder();
		for (char c : rearranged.toCharArray()) {
			digits.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
		}
		return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
	}

	private static String cleanVendor(String raw) {
		String vendor = raw.replaceAll("\\s{2,}.*$", "").replaceAll("[,;]\\s*$", "").strip();
		return vendor.isEmpty() ? null : vendor;
	}

	/** A line with a company suffix that is not in the recipient's block. */
	private static String companyLine(List<String> lines) {
		int skipUntil = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (RECIPIENT_BLOCK.matcher(line).find()) {
				skipUntil = i + 3;
				continue;
			}
			if (i <= skipUntil) {
				continue;
			}
			Matcher suffix = COMPANY_SUFFIX.matcher(line);
			if (suffix.find() && line.length() <= 80 && !line.toLowerCase(Locale.ROOT).contains("invoice")) {
				return cleanVendor(line.substring(0, suffix.end()).replaceAll("^[^\\p{L}\\p{N}]+", ""));
			}
			// running text: "Invoice INV-99 from Globex Corp."
			suffix.reset();
			while (suffix.find()) {
				Matcher from = FROM_COMPANY.matcher(line.substring(0, suffix.start()));
				if (from.find()) {
					return cleanVendor(from.group(1) + line.substring(suffix.start(), suffix.end()));
				}
			}
		}
		return null;
	}

	/**
	 * The first line of the letterhead that reads like a name: no digits, not a heading
	 * such as "INVOICE", not an address label.
	 */
	private static String letterhead(List<String> lines) {
		for (int i = 0; i < Math.min(4, lines.size()); i++) {
			String line = lines.get(i);
			if (RECIPIENT_BLOCK.matcher(line).find()) {
				return null;
			}
			if (line.matches("(?i)\\s*(invoice|tax invoice|rechnung|facture|bill|receipt)\\b.*")
					|| line.chars().anyMatch(Character::isDigit) || line.contains("@") || line.length() > 60) {
				continue;
			}
			// a name starts with a capital and is short; "hello, please pay ..." is a
			// sentence
			if (!Character.isUpperCase(line.strip().codePointAt(0)) || line.strip().split("\\s+").length > 6
					|| line.matches(".*[,;!?]\\s+\\p{Ll}.*")) {
				continue;
			}
			return cleanVendor(line);
		}
		return null;
	}

}
