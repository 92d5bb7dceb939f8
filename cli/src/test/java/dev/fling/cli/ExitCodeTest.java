package dev.fling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

    /** The codes are a contract with workflow definitions (examples/, docs/cli.md): they never change. */
    @Test
    void theCodesAreStableAndDistinct() {
        Map<ExitCode, Integer> codes = Arrays.stream(ExitCode.values())
                .collect(Collectors.toMap(code -> code, ExitCode::code));

        assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(Map.entry(ExitCode.OK, 0),
                Map.entry(ExitCode.SOFTWARE, 1), Map.entry(ExitCode.USAGE, 2), Map.entry(ExitCode.FAILED, 10),
                Map.entry(ExitCode.CANCELLED, 11), Map.entry(ExitCode.TIMED_OUT, 12), Map.entry(ExitCode.REJECTED, 13),
                Map.entry(ExitCode.UNREACHABLE, 14), Map.entry(ExitCode.GAVE_UP, 15),
                Map.entry(ExitCode.NOT_AUTHORIZED, 16), Map.entry(ExitCode.NO_SUCH_JOB, 17),
                Map.entry(ExitCode.ENDED_BEFORE_OUTCOME, 18)));
        assertThat(codes.values()).doesNotHaveDuplicates();
        assertThat(ExitCode.USAGE.code()).isEqualTo(picocli.CommandLine.ExitCode.USAGE);
    }

    @Test
    void helpListsEveryCode() {
        CliRun run = CliRun.of(Map.of(), "launch", "--help");

        assertThat(run.exitCode()).isZero();
        for (ExitCode code : ExitCode.values()) {
            String line = String.format("  %-4d %s", code.code(), code.meaning());
            assertThat(run.out()).contains(line.substring(0, Math.min(line.length(), 40)));
        }
    }
}
