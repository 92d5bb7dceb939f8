package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fling.runtime.RuntimeRefusedException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which local jars the local runtime reads: only those really inside an allowed directory. */
class JarDirectoriesTest {

    @TempDir
    Path root;

    private JarFetcher fetcher(Path allowed) {
        return new JarFetcher(HttpClient.newHttpClient(), List.of(allowed.toString()), List.of("*"));
    }

    @Test
    void aJarInAnAllowedDirectoryIsRead() throws IOException {
        Path allowed = Files.createDirectories(root.resolve("jars"));
        Path jar = Files.writeString(allowed.resolve("job.jar"), "jar");
        assertThat(fetcher(allowed).fetch(jar.toUri().toString(), root.resolve("job"))).isEqualTo(jar.toRealPath());
    }

    @Test
    void aJarOutsideTheAllowedDirectoriesIsRefused() throws IOException {
        Path allowed = Files.createDirectories(root.resolve("jars"));
        Path secret = Files.writeString(root.resolve("secret.jar"), "secret");
        assertThatThrownBy(() -> fetcher(allowed).check(secret.toString())).isInstanceOf(RuntimeRefusedException.class)
                .hasMessageContaining("outside the directories");
    }

    @Test
    void aSymbolicLinkInAnAllowedDirectoryIsJudgedByWhereItPoints() throws IOException {
        Path allowed = Files.createDirectories(root.resolve("jars"));
        Path secret = Files.writeString(root.resolve("secret.jar"), "secret");
        Path link = Files.createSymbolicLink(allowed.resolve("link.jar"), secret);
        assertThatThrownBy(() -> fetcher(allowed).check("file://" + link)).isInstanceOf(RuntimeRefusedException.class)
                .hasMessageContaining(secret.toRealPath().toString());
    }

    @Test
    void parentSegmentsAreResolvedBeforeTheCheck() throws IOException {
        Path allowed = Files.createDirectories(root.resolve("jars"));
        Files.writeString(root.resolve("secret.jar"), "secret");
        assertThatThrownBy(() -> fetcher(allowed).check(allowed + "/../secret.jar"))
                .isInstanceOf(RuntimeRefusedException.class).hasMessageContaining("outside the directories");
    }

    @Test
    void aHostThatResolvesToLoopbackIsRefusedUnlessNamed() {
        JarFetcher anyHost = new JarFetcher(HttpClient.newHttpClient(), List.of(), List.of("*"));
        assertThatThrownBy(() -> anyHost.check("http://localhost:1/job.jar")).isInstanceOf(RuntimeRefusedException.class)
                .hasMessageContaining("loopback");
        JarFetcher named = new JarFetcher(HttpClient.newHttpClient(), List.of(), List.of("localhost"));
        named.check("http://localhost:1/job.jar");
    }
}
