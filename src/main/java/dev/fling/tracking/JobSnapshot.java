package dev.fling.tracking;

import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.TrackingState;

/**
 * One job as this instance knows it at one moment: the runtime's record, what has been reported
 * (with the events so far) and the runtime's last reading of it (null before the first).
 */
public record JobSnapshot(JobRecord record, TrackingState tracking, JobObservation lastObservation) {}
