package dev.fling.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.awaitility.Awaitility;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The start-up baseline: an empty Quarkus application with Fling's Quarkus extensions (read from
 * Fling's pom.xml: every io.quarkus dependency outside the test scope) and Quarkus version, no
 * code and no configuration but the HTTP port and no banner (Fling has none), built by the
 * benchmark into {@code target/bench-baseline-app} and started as Fling is ({@code java -jar}, the
 * same heap). What Quarkus and the extensions cost a start before Fling does anything of its own.
 */
final class BaselineApp {

    private static final Path DIRECTORY = Path.of("target", "bench-baseline-app").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private BaselineApp() {}

    /** Builds the application (offline, from the local Maven repository Fling's build filled); returns its jar. */
    static Path build() throws Exception {
        Path pom = Path.of("pom.xml");
        String quarkus = property(Files.readString(pom), "quarkus.platform.version");
        List<String> extensions = extensions(pom);
        Files.createDirectories(DIRECTORY.resolve("src/main/resources"));
        String flingPom = Files.readString(pom);
        Files.writeString(DIRECTORY.resolve("pom.xml"), pom(quarkus, extensions, pluginVersion(flingPom,
                "maven-compiler-plugin"), property(flingPom, "surefire.version")));
        Files.writeString(DIRECTORY.resolve("src/main/resources/application.properties"),
                "quarkus.http.port=${BASELINE_HTTP_PORT:8080}\nquarkus.banner.enabled=false\n");
        Path log = DIRECTORY.resolve("build.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-o", "-q", "package", "-DskipTests").directory(DIRECTORY.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
            mvn.destroyForcibly();
            throw new IllegalStateException("the baseline application did not build; see " + log);
        }
        return DIRECTORY.resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The extensions Fling is built with, by artifact id. */
    static List<String> extensions(Path pom) throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        List<String> extensions = new ArrayList<>();
        NodeList all = document.getDocumentElement().getChildNodes();
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element element && element.getTagName().equals("dependencies")) {
                NodeList list = element.getElementsByTagName("dependency");
                for (int j = 0; j < list.getLength(); j++) {
                    Element dependency = (Element) list.item(j);
                    String group = text(dependency, "groupId");
                    String scope = text(dependency, "scope");
                    if ("io.quarkus".equals(group) && (scope == null || scope.equals("compile"))) {
                        extensions.add(text(dependency, "artifactId"));
                    }
                }
            }
        }
        return extensions;
    }

    /** JVM start to ready, and the CPU spent by then ({@link StartupProbe}). */
    record Ready(double seconds, double cpuSeconds) {}

    /** From starting the JVM to {@code /q/health/ready} answering 200, polled every 10 ms; the process is then killed. */
    static Ready secondsToReady(Path jar, String heap) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(DIRECTORY.resolve("run.log").toFile()));
        builder.environment().put("BASELINE_HTTP_PORT", Integer.toString(port));
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            // Polled every 10 ms: the figure is a start-up time, and the poll's step is its resolution.
            Awaitility.await("the baseline application is ready").atMost(Duration.ofMinutes(2))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the baseline application exited; see "
                                    + DIRECTORY.resolve("run.log"));
                        }
                        try {
                            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false; // not listening yet
                        }
                    });
            return new Ready((System.nanoTime() - start) / 1e9, StartupProbe.cpuSeconds(process.toHandle()));
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    /** The baseline's pom: Fling's Quarkus and extensions, and Fling's plugin versions (it builds offline). */
    private static String pom(String quarkus, List<String> extensions, String compiler, String surefire) {
        StringBuilder dependencies = new StringBuilder();
        for (String extension : extensions) {
            dependencies.append("    <dependency><groupId>io.quarkus</groupId><artifactId>").append(extension)
                    .append("</artifactId></dependency>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.fling.bench</groupId>
                  <artifactId>baseline</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement><dependencies><dependency>
                    <groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId><version>%1$s</version>
                    <type>pom</type><scope>import</scope>
                  </dependency></dependencies></dependencyManagement>
                  <dependencies>
                %2$s  </dependencies>
                  <build><plugins><plugin>
                    <groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>%1$s</version>
                    <extensions>true</extensions>
                    <executions><execution><goals><goal>build</goal></goals></execution></executions>
                  </plugin><plugin>
                    <artifactId>maven-compiler-plugin</artifactId><version>%3$s</version>
                  </plugin><plugin>
                    <artifactId>maven-surefire-plugin</artifactId><version>%4$s</version>
                  </plugin></plugins></build>
                </project>
                """.formatted(quarkus, dependencies, compiler, surefire);
    }

    private static String pluginVersion(String pom, String artifactId) {
        Matcher matcher = Pattern.compile("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<]+)</")
                .matcher(pom);
        if (!matcher.find()) {
            throw new IllegalStateException("pom.xml names no version of " + artifactId);
        }
        return matcher.group(1).trim();
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        if (!matcher.find()) {
            throw new IllegalStateException("pom.xml has no property " + name);
        }
        return matcher.group(1).trim();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
