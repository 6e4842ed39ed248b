package io.steadyflow.readiness;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;

import org.springframework.web.multipart.MultipartFile;

/**
 * Turns uploaded files into lint reports: BPMN files one by one, a {@code .zip} expanded
 * into its BPMN entries within the archive limits. Whatever is wrong with an upload
 * becomes a {@code parse} finding of that upload, never an exception.
 */
final class LintUploads {

	private final ReadinessLinter linter;

	private final BpmnInputLimits limits;

	LintUploads(ReadinessLinter linter, BpmnInputLimits limits) {
		this.linter = linter;
		this.limits = limits;
	}

	List<FileReport> lint(List<MultipartFile> uploads) {
		List<FileReport> reports = new ArrayList<>();
		for (MultipartFile upload : uploads) {
			String name = (upload.getOriginalFilename() != null && !upload.getOriginalFilename().isBlank())
					? upload.getOriginalFilename() : "upload.bpmn";
			try (InputStream in = upload.getInputStream()) {
				if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
					reports.addAll(lintArchive(name, in));
				}
				else {
					reports.add(this.linter.lint(
							new BpmnSource(name, SafeBpmnReader.readAtMost(in, this.limits.maxFileSize().toBytes()))));
				}
			}
			catch (IOException ex) {
				reports.add(problem(name, "the upload could not be read: " + ex.getMessage()));
			}
		}
		return reports;
	}

	private List<FileReport> lintArchive(String archiveName, InputStream in) throws IOException {
		List<FileReport> reports = new ArrayList<>();
		long expanded = 0;
		int entries = 0;
		try (ZipInputStream zip = new ZipInputStream(in)) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				if (entry.isDirectory() || !BpmnSource.isBpmnFileName(entry.getName())) {
					continue;
				}
				if (++entries > this.limits.maxArchiveEntries()) {
					reports.add(problem(archiveName, "the archive has more than " + this.limits.maxArchiveEntries()
							+ " BPMN files (steadyflow.bpmn.max-archive-entries)"));
					return reports;
				}
				byte[] content = SafeBpmnReader.readAtMost(zip, this.limits.maxFileSize().toBytes());
				expanded += content.length;
				if (expanded > this.limits.maxArchiveSize().toBytes()) {
					reports.add(problem(archiveName, "the archive expands to more than "
							+ this.limits.maxArchiveSize().toBytes() + " bytes (steadyflow.bpmn.max-archive-size)"));
					return reports;
				}
				reports.add(this.linter.lint(new BpmnSource(archiveName + "!/" + entry.getName(), content)));
			}
		}
		catch (ZipException | IllegalArgumentException ex) {
			reports.add(problem(archiveName, "not a readable zip archive: " + ex.getMessage()));
			return reports;
		}
		if (entries == 0) {
			reports.add(problem(archiveName, "the archive contains no .bpmn or .bpmn20.xml file"));
		}
		return reports;
	}

	private static FileReport problem(String fileName, String message) {
		return new FileReport(fileName, List.of(new Finding(ReadinessRule.PARSE.id(), Severity.ERROR, null, null, null,
				null, message, "Upload .bpmn or .bpmn20.xml files, or a .zip of them.")));
	}

}
