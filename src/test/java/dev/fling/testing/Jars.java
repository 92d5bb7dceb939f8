package dev.fling.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/** Job jars made from the examples jar, for tests that need jars which differ in what they hold. */
public final class Jars {

    private Jars() {}

    /** Writes a jar holding only the example classes whose names start with {@code examplePrefix}. */
    public static Path withOnly(Path examples, Path target, String examplePrefix) {
        String prefix = "dev/fling/examples/" + examplePrefix;
        try {
            Files.createDirectories(target.getParent());
            try (JarFile source = new JarFile(examples.toFile());
                    OutputStream file = Files.newOutputStream(target);
                    JarOutputStream jar = new JarOutputStream(file)) {
                Enumeration<JarEntry> entries = source.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                        continue;
                    }
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(jar);
                    }
                    jar.closeEntry();
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
