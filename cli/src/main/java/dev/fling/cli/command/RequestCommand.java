package dev.fling.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.Fling;
import dev.fling.cli.stream.WaitRule;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * What the commands that send a request (launch, rescale, savepoint, cancel) share: the request's
 * id, source and correlation, --wait and --timeout, where Fling is; each only builds its data and
 * says which event ends its wait.
 */
abstract class RequestCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Fling fling;

    @Mixin
    RequestOptions request;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ConnectionOptions connection;

    /** Sends a request of {@code shortType} with {@code data}; {@code rule} gives, for the request's id, when waiting is over. */
    int submit(String shortType, ObjectNode data, Function<String, WaitRule> rule) {
        return new RequestFlow(fling.context(), connection).submit(shortType, data, request, waiting, rule);
    }
}
