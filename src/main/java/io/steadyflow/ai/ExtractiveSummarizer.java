package io.steadyflow.ai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in summarizer when no chat model is configured: picks the sentences whose
 * words occur most often in the whole text (stop words aside), keeps them in their
 * original order, and bounds the length. Deterministic and offline; it never invents a
 * word that is not in the text.
 */
final class ExtractiveSummarizer {

	static final String MODEL_ID = "steadyflow-extractive-summarizer";

	static final String VERSION = "1";

	private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n\\s*\\n|\\n(?=[-*•])");

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*");

	private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "but", "to", "of", "in", "on",
			"for", "with", "at", "by", "from", "is", "are", "was", "were", "be", "been", "it", "this", "that", "we",
			"i", "you", "our", "your", "my", "me", "us", "they", "he", "she", "as", "not", "no", "so", "if", "can",
			"could", "would", "should", "will", "have", "has", "had", "do", "does", "did", "please", "hi", "hello",
			"thanks", "thank", "regards", "best", "there", "their", "them", "its", "also", "all", "any", "just");

	private ExtractiveSummarizer() {
	}

	static String summarize(String text, int maxSentences, int maxChars) {
		String normalized = text.replace("\r", "").strip();
		List<String> sentences = new ArrayList<>();
		for (String sentence : SENTENCE_END.split(normalized)) {
			String clean = sentence.replaceAll("\\s+", " ").strip();
			if (clean.length() > 3 && !isGreeting(clean)) {
				sentences.add(clean);
			}
		}
		if (sentences.isEmpty()) {
			return "";
		}
		Map<String, Integer> frequency = new HashMap<>();
		for (String sentence : sentences) {
			for (String word : words(sentence)) {
				frequency.merge(word, 1, Integer::sum);
			}
		}
		List<Integer> ranked = new ArrayList<>();
		for (int i = 0; i < sentences.size(); i++) {
			ranked.add(i);
		}
		double[] score = new double[sentences.size()];
		for (int i = 0; i < sentences.size(); i++) {
			List<String> words = words(sentences.get(i));
			double sum = 0;
			for (String word : words) {
				sum += frequency.get(word);
			}
			// the first sentence usually says what it is about
			score[i] = (words.isEmpty() ? 0 : sum / Math.sqrt(words.size())) + ((i == 0) ? 1.5 : 0);
		}
		ranked.sort(Comparator.comparingDouble((Integer i) -> score[i]).reversed().thenComparing((i) -> i));
		List<Integer> chosen = new ArrayList<>(ranked.subList(0, Math.min(maxSentences, ranked.size())));
		chosen.sort(Integer::compare);
		StringBuilder summary = new StringBuilder();
		for (int i : chosen) {
			String sentence = sentences.get(i);
			if (summary.length() + sentence.length() + 1 > maxChars) {
				if (summary.length() == 0) {
					summary.append(sentence, 0, Math.max(0, maxChars - 1)).append('…');
				}
				break;
			}
			if (summary.length() > 0) {
				summary.append(' ');
			}
			summary.append(sentence);
		}
		return summary.toString();
	}

	private static boolean isGreeting(String sentence) {
		String lower = sentence.toLowerCase(Locale.ROOT);
		return lower.matches("(hi|hello|dear|hey|thanks|thank you|regards|best regards|kind regards|cheers)\\b.{0,30}");
	}

	private static List<String> words(String sentence) {
		List<String> words = new ArrayList<>();
		var matcher = WORD.matcher(sentence.toLowerCase(Locale.ROOT));
		while (matcher.find()) {
			if (!STOP_WORDS.contains(matcher.group())) {
				words.add(matcher.group());
			}
		}
		return words;
	}

}
