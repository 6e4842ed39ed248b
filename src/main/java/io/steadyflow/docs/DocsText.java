package io.steadyflow.docs;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The documentation's short texts on the page: what the Markdown marks as code
 * ({@code `x`}) or bold ({@code **x**}) becomes its own segment, which the template
 * renders as an element of its own, escaped like any text.
 */
@Component("docsText")
public class DocsText {

	public List<Segment> segments(String text) {
		List<Segment> segments = new ArrayList<>();
		if (text == null) {
			return segments;
		}
		String[] parts = text.split("`", -1);
		for (int i = 0; i < parts.length; i++) {
			if (i % 2 == 1 && i < parts.length - 1) {
				segments.add(new Segment(parts[i], "code"));
				continue;
			}
			String[] bold = parts[i].split("\\*\\*", -1);
			for (int j = 0; j < bold.length; j++) {
				if (!bold[j].isEmpty()) {
					segments.add(new Segment(bold[j], (j % 2 == 1 && j < bold.length - 1) ? "strong" : "text"));
				}
			}
		}
		return segments;
	}

	/**
	 * @param text the text, unescaped
	 * @param kind {@code text}, {@code code} or {@code strong}
	 */
	public record Segment(String text, String kind) {
	}

}
