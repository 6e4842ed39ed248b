package io.steadyflow.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through its ChromeDriver, headless, for the browser tests.
 * Driver and browser are named explicitly, so Selenium Manager has nothing to look up or
 * download; the flags keep Chromium from calling out to the network.
 */
public final class HeadlessChromium implements AutoCloseable {

	/** Where the browser tests save their screenshots. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final ChromeDriverService service;

	private final WebDriver driver;

	private HeadlessChromium(ChromeDriverService service, WebDriver driver) {
		this.service = service;
		this.driver = driver;
	}

	/**
	 * @param implicitWait how long {@code findElement} waits for an element to appear
	 */
	public static HeadlessChromium start(Duration implicitWait) throws IOException {
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1000",
				"--user-data-dir=" + Files.createTempDirectory("steadyflow-chromium").toAbsolutePath());
		WebDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().implicitlyWait(implicitWait);
		Files.createDirectories(SCREENSHOTS);
		return new HeadlessChromium(service, driver);
	}

	public WebDriver driver() {
		return this.driver;
	}

	/** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
	public void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"),
				((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
	}

	@Override
	public void close() {
		this.driver.quit();
		this.service.stop();
	}

}
