package dev.fling.runtime.local;

/**
 * What the local runtime says of autoscaling until it has an autoscaler of its own: an autoscaled
 * job would keep its starting parallelism with manual rescales refused, so its launch is refused
 * instead, saying why (docs/local-runtime.md).
 */
final class LocalAutoscaling {

    static final String NOT_YET = "the local runtime has no autoscaler yet: launch without autoscale "
            + "(and without job.autoscaler.enabled=true), or on the operator runtime";

    private LocalAutoscaling() {}
}
