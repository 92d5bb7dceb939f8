package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Where a job lives: its namespace and its deterministic name. */
@RegisterForReflection
public record JobRef(String namespace, String name) {

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
