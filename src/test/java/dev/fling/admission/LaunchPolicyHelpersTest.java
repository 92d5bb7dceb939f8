package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchPolicyHelpersTest {

    @Test
    void absolutePathIsAFileJar() {
        assertThat(LaunchPolicy.jarScheme("/opt/x.jar")).isEqualTo("file");
    }

    @Test
    void relativePathWithoutSchemeIsAFileJar() {
        assertThat(LaunchPolicy.jarScheme("x.jar")).isEqualTo("file");
    }

    @Test
    void localSchemeIsLocal() {
        assertThat(LaunchPolicy.jarScheme("local:///x.jar")).isEqualTo("local");
    }

    @Test
    void schemeIsLowerCased() {
        assertThat(LaunchPolicy.jarScheme("HTTPS://h/x.jar")).isEqualTo("https");
        assertThat(LaunchPolicy.jarScheme("S3://bucket/x.jar")).isEqualTo("s3");
    }

    @Test
    void schemeOfAnUnparsableUriIsStillRead() {
        assertThat(LaunchPolicy.jarScheme("https://h/my jar.jar")).isEqualTo("https");
    }

    @Test
    void pointerEscapeEscapesTildeAndSlash() {
        assertThat(LaunchPolicy.pointerEscape("a/b~c")).isEqualTo("a~1b~0c");
    }

    @Test
    void pointerEscapeEscapesTildeBeforeSlashSoNothingIsEscapedTwice() {
        assertThat(LaunchPolicy.pointerEscape("~1")).isEqualTo("~01");
        assertThat(LaunchPolicy.pointerEscape("/")).isEqualTo("~1");
        assertThat(LaunchPolicy.pointerEscape("state.savepoints.dir")).isEqualTo("state.savepoints.dir");
    }
}
