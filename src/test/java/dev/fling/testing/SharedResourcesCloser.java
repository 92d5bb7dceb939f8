package dev.fling.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the test JVM's shared broker and mock API server when the test run ends, rather than in
 * shutdown hooks racing the test runner's own exit.
 */
public class SharedResourcesCloser implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        MockKubernetes.closeShared();
        KafkaBroker.closeShared();
    }
}
