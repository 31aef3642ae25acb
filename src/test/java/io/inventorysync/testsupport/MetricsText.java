package io.inventorysync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a scrape as a test needs it: the samples by {@code name{labels}} (as written, labels in the writer's order)
 * and their values. The format itself is checked by {@code promtool check metrics} ({@link #promtoolCheck}); this
 * only looks values up.
 */
public final class MetricsText {

    private final String text;
    private final Map<String, Double> samples = new LinkedHashMap<>();

    public MetricsText(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // name{labels} value [timestamp]: the value follows the last '}' (label values may hold spaces)
            int close = line.lastIndexOf('}');
            int space = line.indexOf(' ', close < 0 ? 0 : close);
            String rest = line.substring(space + 1).trim();
            int end = rest.indexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(end < 0 ? rest : rest.substring(0, end)));
        }
    }

    /** {@code GET url} with an Accept header (null: none). */
    public static MetricsText scrape(String url, String accept) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode());
            }
            return new MetricsText(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        return text;
    }

    /** The value of one sample, e.g. {@code inventory_sync_route_exchanges_total{route="session-start"}}. */
    public Optional<Double> value(String sample) {
        return Optional.ofNullable(samples.get(sample));
    }

    /** The value of a sample that must be there. */
    public double get(String sample) {
        return value(sample).orElseThrow(() -> new AssertionError("no sample " + sample + " in:\n" + text));
    }

    /** Every sample's name and labels. */
    public Map<String, Double> samples() {
        return samples;
    }

    /** promtool from the Debian package {@code prometheus}, or empty where it is not installed. */
    public static Optional<Path> promtool() {
        return Prometheus.binary("promtool");
    }

    /**
     * {@code promtool check metrics} on this text (the Prometheus text format): its exit code and output. It fails on
     * a malformed exposition and lints names (a counter without {@code _total}, a unit not in base units...).
     */
    public ProcessResult promtoolCheck(Path promtool) {
        return ProcessResult.run(List.of(promtool.toString(), "check", "metrics"), text);
    }

    /** What a process wrote and how it ended. */
    public record ProcessResult(int exitCode, String output) {
        public static ProcessResult run(List<String> command, String stdin) {
            try {
                Path out = Files.createTempFile("process", ".out");
                try {
                    Process p = new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
                    try (var in = p.getOutputStream()) {
                        if (stdin != null) {
                            in.write(stdin.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException(command + " did not end within 60 s");
                    }
                    return new ProcessResult(p.exitValue(), Files.readString(out));
                } finally {
                    Files.deleteIfExists(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
