package dev.fling.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.ZoneId;

/** Prints events as they arrive, in the chosen {@link Output}, flushing each so a log shows it at once. */
public final class EventPrinter {

    private final PrintStream out;
    private final Output output;
    private final ZoneId zone;

    public EventPrinter(PrintStream out, Output output, ZoneId zone) {
        this.out = out;
        this.output = output;
        this.zone = zone;
    }

    public void print(JsonNode event) {
        out.println(output == Output.json ? event.toString() : EventLine.format(event, zone));
        out.flush();
    }
}
