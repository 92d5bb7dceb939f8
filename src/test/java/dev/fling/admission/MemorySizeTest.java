package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

class MemorySizeTest {

    private static final long KIB = 1024L;
    private static final long MIB = KIB * KIB;
    private static final long GIB = MIB * KIB;

    @Test
    void flinkMegabytesAreBinary() {
        assertThat(MemorySize.parseBytes("2048m")).isEqualTo(2048 * MIB);
        assertThat(MemorySize.parseBytes("2048mb")).isEqualTo(2048 * MIB);
    }

    @Test
    void flinkGigabytesAreBinary() {
        assertThat(MemorySize.parseBytes("2g")).isEqualTo(2 * GIB);
        assertThat(MemorySize.parseBytes("2gb")).isEqualTo(2 * GIB);
    }

    @Test
    void flinkUnitsIgnoreCaseAndSpaces() {
        assertThat(MemorySize.parseBytes("2048 MB")).isEqualTo(2048 * MIB);
        assertThat(MemorySize.parseBytes(" 2g ")).isEqualTo(2 * GIB);
    }

    @Test
    void kubernetesBinaryQuantities() {
        assertThat(MemorySize.parseBytes("1Gi")).isEqualTo(GIB);
        assertThat(MemorySize.parseBytes("1536Mi")).isEqualTo(1536 * MIB);
        assertThat(MemorySize.parseBytes("512Ki")).isEqualTo(512 * KIB);
    }

    @Test
    void kubernetesDecimalQuantities() {
        assertThat(MemorySize.parseBytes("1G")).isEqualTo(1_000_000_000L);
        assertThat(MemorySize.parseBytes("1500M")).isEqualTo(1_500_000_000L);
    }

    @Test
    void plainNumberIsBytes() {
        assertThat(MemorySize.parseBytes("512")).isEqualTo(512L);
        assertThat(MemorySize.parseBytes("512b")).isEqualTo(512L);
    }

    @Test
    void fractionalSizes() {
        assertThat(MemorySize.parseBytes("1.5g")).isEqualTo(GIB + GIB / 2);
        assertThat(MemorySize.parseBytes("0.5Gi")).isEqualTo(GIB / 2);
    }

    @Test
    void textThatIsNotASizeIsRefusedNamingIt() {
        assertThatThrownBy(() -> MemorySize.parseBytes("lots"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lots");
    }

    @Test
    void unknownUnitIsRefusedNamingIt() {
        assertThatThrownBy(() -> MemorySize.parseBytes("12xb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12xb");
    }

    @Test
    void emptyTextIsRefused() {
        assertThatThrownBy(() -> MemorySize.parseBytes(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemorySize.parseBytes("-1g"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1g");
    }

    /**
     * A size beyond a long must not wrap around into a small one (which would slip under the
     * policy's memory limit): it is refused, or at worst read as Long.MAX_VALUE.
     */
    @Test
    void sizeTooLargeForALongIsNeverReadAsASmallOne() {
        for (String text : new String[] {"16777216t", "18446744073709551617", "9223372036854775808"}) {
            long[] bytes = new long[1];
            Throwable thrown = catchThrowable(() -> bytes[0] = MemorySize.parseBytes(text));
            if (thrown == null) {
                assertThat(bytes[0]).as("bytes read from '%s'", text).isEqualTo(Long.MAX_VALUE);
            } else {
                assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
            }
        }
    }
}
