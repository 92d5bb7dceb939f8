package dev.fling.admission;

import dev.fling.events.RequestContext;
import dev.fling.events.RequestType;
import dev.fling.runtime.JobDefinition;

/** An admitted request: well-formed, within policy, ready for its handler. */
public sealed interface Command {

    RequestContext request();

    RequestType type();

    /** The job the command concerns. */
    String job();

    /** Launch a new application cluster. */
    record Launch(JobDefinition definition) implements Command {
        public RequestContext request() {
            return definition.request();
        }

        public RequestType type() {
            return RequestType.LAUNCH;
        }

        public String job() {
            return definition.ref().name();
        }
    }

    /** Change a running job's parallelism. */
    record Rescale(RequestContext request, String job, int parallelism) implements Command {
        public RequestType type() {
            return RequestType.RESCALE;
        }
    }

    /** Stop a job, with a final savepoint when asked. */
    record Cancel(RequestContext request, String job, boolean savepoint) implements Command {
        public RequestType type() {
            return RequestType.CANCEL;
        }
    }

    /** Take a savepoint of a running job. */
    record Savepoint(RequestContext request, String job, String targetDirectory) implements Command {
        public RequestType type() {
            return RequestType.SAVEPOINT;
        }
    }
}
