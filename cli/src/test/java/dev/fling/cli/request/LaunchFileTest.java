package dev.fling.cli.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchFileTest {

    @TempDir
    Path dir;

    @Test
    void aFileMatchingTheLaunchSchemaIsReadAsItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("launch.json"), """
                {"name":"etl","jarURI":"file:///jobs/etl.jar","parallelism":2,
                 "retry":{"maxAttempts":3,"backoffSeconds":5},"labels":{"team":"data"}}""");

        assertThat(LaunchFile.read(file).path("retry").path("maxAttempts").asInt()).isEqualTo(3);
    }

    @Test
    void eachWayTheFileDiffersFromTheSchemaIsNamedByItsField() throws Exception {
        Path file = Files.writeString(dir.resolve("launch.json"),
                "{\"name\":\"Not Valid\",\"parallelism\":\"two\",\"jobManager\":{\"cpus\":1}}");

        assertThatThrownBy(() -> LaunchFile.read(file)).isInstanceOfSatisfying(LaunchFile.InvalidLaunchFile.class,
                e -> assertThat(e.errors()).anySatisfy(error -> assertThat(error).startsWith("/jarURI: "))
                        .anySatisfy(error -> assertThat(error).startsWith("/name: "))
                        .anySatisfy(error -> assertThat(error).startsWith("/parallelism: "))
                        .anySatisfy(error -> assertThat(error).startsWith("/jobManager/cpus: ")));
    }

    @Test
    void aMissingFileNotJsonOrNotAnObjectSaysSo() throws Exception {
        assertThatThrownBy(() -> LaunchFile.read(dir.resolve("none.json"))).hasMessageContaining("no such file");
        Path notJson = Files.writeString(dir.resolve("a.json"), "jarURI: x");
        assertThatThrownBy(() -> LaunchFile.read(notJson)).hasMessageContaining("is not JSON");
        Path array = Files.writeString(dir.resolve("b.json"), "[]");
        assertThatThrownBy(() -> LaunchFile.read(array)).hasMessageContaining("must hold a JSON object");
    }
}
