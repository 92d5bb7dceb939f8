package dev.fling.admission;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads memory sizes as the Flink operator accepts them: Flink's notation ("2048m", "2g", binary
 * multiples) and Kubernetes quantities ("1Gi" binary, "1G" decimal).
 */
public final class MemorySize {

    private static final Pattern FORMAT = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)$");
    private static final long KI = 1024L;
    private static final Map<String, Long> KUBERNETES_UNITS = Map.of(
            "Ki", KI, "Mi", KI * KI, "Gi", KI * KI * KI, "Ti", KI * KI * KI * KI,
            "K", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);
    private static final Map<String, Long> FLINK_UNITS = Map.of(
            "", 1L, "b", 1L, "k", KI, "kb", KI, "m", KI * KI, "mb", KI * KI,
            "g", KI * KI * KI, "gb", KI * KI * KI, "t", KI * KI * KI * KI, "tb", KI * KI * KI * KI);

    private MemorySize() {}

    /** The size in bytes; throws {@link IllegalArgumentException} for text that is not a size. */
    public static long parseBytes(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a memory size");
        }
        String unit = m.group(2);
        Long multiplier = KUBERNETES_UNITS.containsKey(unit)
                ? KUBERNETES_UNITS.get(unit)
                : FLINK_UNITS.get(unit.toLowerCase(Locale.ROOT));
        if (multiplier == null) {
            throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit + "'");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large a memory size");
        }
        return bytes.longValue();
    }
}
