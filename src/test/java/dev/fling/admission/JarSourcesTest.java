package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which jar sources the policy lets through: the decision as a table, every spelling of the special hosts. */
class JarSourcesTest {

    private static final List<String> ANY_HOST = List.of("*");

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/job.jar", "http://localhost:8080/job.jar", "http://LOCALHOST./job.jar",
            "http://127.1/job.jar", "http://0x7f000001/job.jar", "http://2130706433/job.jar", "http://0177.0.0.1/job.jar",
            "http://[::1]/job.jar", "http://[::ffff:127.0.0.1]/job.jar", "http://169.254.169.254/latest/job.jar",
            "http://[fe80::1]/job.jar", "http://metadata.google.internal/job.jar", "http://0.0.0.0/job.jar",
            "https://user@169.254.169.254/job.jar", "http://[fd00:ec2::254]/job.jar", "http://0/job.jar",
            "http://169.254.170.2/v2/credentials", "http://foo.localhost/job.jar", "http://[::]/job.jar",
            "https://artifacts.example.com@127.0.0.1/job.jar", "http://100.100.100.200/latest/meta-data",
            "http://169.254.1.1/job.jar", "http://%6c%6fcalhost/job.jar", "http://[::127.0.0.1]/job.jar"})
    void specialAddressesAreRefusedEvenWhenAnyHostIsAllowed(String jarURI) {
        assertThat(JarSources.violation(jarURI, ANY_HOST)).hasValueSatisfying(problem ->
                assertThat(problem).contains("allowed only when fling.policy.allowed-jar-hosts names it"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///opt/flink/examples/../../../etc/passwd", "/tmp/../etc/shadow",
            "local:///opt/flink/usrlib/../../../root/.ssh/id_rsa", "file:///opt/%2e%2e/etc/passwd",
            "local:///opt/flink/%2E%2E/x.jar", "/opt/flink/..", "file:/opt/../etc/x.jar",
            "https://artifacts.example.com/a/../../b.jar"})
    void parentSegmentsAreRefusedInAnySpelling(String jarURI) {
        assertThat(JarSources.violation(jarURI, ANY_HOST)).hasValueSatisfying(problem ->
                assertThat(problem).contains("'..' segment"));
    }

    @ParameterizedTest
    @CsvSource({
            "https://artifacts.example.com/job.jar, *, true",
            "https://artifacts.example.com/job.jar, artifacts.example.com, true",
            "https://ARTIFACTS.example.com./job.jar, artifacts.example.com, true",
            "https://artifacts.example.com/job.jar, *.example.com, true",
            "https://evil.com/job.jar, *.example.com, false",
            "https://example.com.evil.com/job.jar, *.example.com, false",
            "http://localhost:8080/job.jar, localhost, true",
            "http://127.0.0.1:8080/job.jar, 127.0.0.1, true",
            "http://127.0.0.1:8080/job.jar, localhost, false",
            "http://localhost/job.jar, *.localhost, false",
            "http://10.1.2.3/job.jar, *, true",
            "local:///opt/flink/usrlib/job.jar, artifacts.example.com, true",
            "s3://bucket/job.jar, artifacts.example.com, true",
            "/opt/flink/usrlib/job.jar, artifacts.example.com, true"})
    void hostsAreAllowedByNameSuffixOrWildcard(String jarURI, String allowed, boolean expected) {
        assertThat(JarSources.violation(jarURI, List.of(allowed)).isEmpty()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"127.1, 127.0.0.1", "0x7f000001, 127.0.0.1", "2130706433, 127.0.0.1", "0177.0.0.1, 127.0.0.1",
            "10.0.258, 10.0.1.2", "1.2.3.4, 1.2.3.4"})
    void ipv4LiteralsAreReadAsInetAtonReadsThem(String literal, String dotted) {
        byte[] bytes = SpecialAddresses.inetAton(literal).orElseThrow();
        assertThat(String.format("%d.%d.%d.%d", bytes[0] & 0xff, bytes[1] & 0xff, bytes[2] & 0xff, bytes[3] & 0xff))
                .isEqualTo(dotted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flink:5000/miner", "flink:1.20/../../evil", "evil/flink:1.20"})
    void anImagePrefixEndingInAColonAdmitsTagsOnly(String image) {
        assertThat(LaunchPolicy.imageMatches(image, "flink:")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flink:1.20", "flink:2.2-java17"})
    void tagsOfAnAllowedRepositoryMatch(String image) {
        assertThat(LaunchPolicy.imageMatches(image, "flink:")).isTrue();
    }
}
