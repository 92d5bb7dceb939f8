package dev.fling.runtime.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a jar's real path (links and '..' already resolved) lies in one of the allowed
 * directories, themselves compared by their real paths; a directory that does not exist admits nothing.
 */
final class JarDirectories {

    private JarDirectories() {}

    /** Why the jar may not be read, or empty when it lies in an allowed directory. */
    static Optional<String> outside(Path realJar, List<String> allowedDirectories) {
        for (String directory : allowedDirectories) {
            try {
                if (realJar.startsWith(Path.of(directory).toRealPath())) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                // not there: it admits nothing
            }
        }
        return Optional.of("job jar " + realJar + " is outside the directories jars may be read from ("
                + String.join(", ", allowedDirectories) + "; fling.local.allowed-jar-directories)");
    }
}
