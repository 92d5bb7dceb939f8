package dev.fling.testing;

import static io.restassured.RestAssured.get;

import java.util.Arrays;

/** Reads Fling's Prometheus endpoint as a scraper would. */
public final class Metrics {

    private Metrics() {}

    /** The value of the sample whose line starts with the name and contains every label given ("k=\"v\""). */
    public static double value(String name, String... labels) {
        String body = get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
