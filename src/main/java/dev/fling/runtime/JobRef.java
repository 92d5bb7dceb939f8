package dev.fling.runtime;

/** Where a job lives: its namespace and its deterministic name. */
public record JobRef(String namespace, String name) {

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
