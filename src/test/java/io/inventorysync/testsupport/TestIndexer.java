package io.inventorysync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real indexer (OpenSearch 2.19.4 + security plugin, mutual TLS) per test JVM, provisioned and started by the
 * project's own scripts ({@code scripts/indexer}), on a free port, with a fresh cluster (data wiped) each run.
 *
 * <p>Use it from a test class through the extension; the node starts on first use and stops when the JUnit
 * platform closes its root store (a JVM shutdown hook is the backstop):
 * <pre>{@code
 * @ExtendWith(TestIndexer.Extension.class)
 * class MyTest {
 *     @Test
 *     void reachesIndexer(TestIndexer indexer, @TempDir Path dir) {
 *         OssecConf conf = OssecConf.load(indexer.writeOssecConf(dir));
 *         ...
 *     }
 * }
 * }</pre>
 * System properties (set by surefire): {@code test.indexer.dir} (default {@code target/indexer}),
 * {@code test.indexer.scripts} (default {@code scripts/indexer}).
 */
public final class TestIndexer implements AutoCloseable {
    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(15); // cold: ~110 MB of downloads
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** Password of certs/client-key-encrypted.pem. */
    public static final String ENCRYPTED_KEY_PASSWORD = "changeit";

    private static TestIndexer instance;
    private static RuntimeException startFailure;

    private final Path dir;
    private final Path scripts;
    private final int port;
    private boolean stopped;

    private TestIndexer(Path dir, Path scripts, int port) {
        this.dir = dir;
        this.scripts = scripts;
        this.port = port;
    }

    /** The node, started on the first call; a failed start fails every later call the same way (no retry). */
    public static synchronized TestIndexer get() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (instance == null) {
            try {
                instance = provisionAndStart();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "test-indexer-stop"));
        }
        return instance;
    }

    /** {@code https://localhost:PORT}: the node's certificate has SAN localhost and 127.0.0.1. */
    public String url() {
        return "https://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * root-ca.pem, client.pem, client-key.pem (PKCS#8), client-key-pkcs1.pem, client-key-encrypted.pem (PKCS#8,
     * password {@link #ENCRYPTED_KEY_PASSWORD}), client-ec.pem/-key.pem (SEC1), other-ca.pem, node.pem/node-key.pem
     * (the node's own, SAN localhost/127.0.0.1), node-expired.pem (the node key, certificate expired in 2021).
     */
    public Path certsDir() {
        return dir.resolve("certs");
    }

    /** OpenSearch's own log; quote it in failure messages. */
    public Path logFile() {
        return dir.resolve("logs/test-indexer.log");
    }

    /** Writes {@code dir/ossec.conf} for this node (root CA, client.pem, PKCS#8 client-key.pem); returns its path. */
    public Path writeOssecConf(Path dir) {
        return writeOssecConf(
                dir, List.of(url()), List.of(cert("root-ca.pem")), cert("client.pem"), cert("client-key.pem"));
    }

    /** Writes {@code dir/ossec.conf} with the given hosts and files (null certificate and key: none); returns it. */
    public static Path writeOssecConf(Path dir, List<String> hosts, List<Path> cas, Path certificate, Path key) {
        StringBuilder xml = new StringBuilder("<ossec_config>\n  <indexer>\n    <hosts>\n");
        hosts.forEach(h -> xml.append("      <host>").append(h).append("</host>\n"));
        xml.append("    </hosts>\n    <ssl>\n      <certificate_authorities>\n");
        cas.forEach(ca -> xml.append("        <ca>").append(ca).append("</ca>\n"));
        xml.append("      </certificate_authorities>\n");
        if (certificate != null) {
            xml.append("      <certificate>").append(certificate).append("</certificate>\n");
        }
        if (key != null) {
            xml.append("      <key>").append(key).append("</key>\n");
        }
        xml.append("    </ssl>\n  </indexer>\n</ossec_config>\n");
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("ossec.conf"), xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of {@link #certsDir()}. */
    public Path cert(String name) {
        return certsDir().resolve(name);
    }

    /** Stops the node (idempotent). */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run(scripts, dir, Duration.ofMinutes(1), "stop-indexer.sh", dir.toString());
        } catch (RuntimeException e) {
            System.err.println("TestIndexer: stopping the node failed: " + e.getMessage());
        }
    }

    private static TestIndexer provisionAndStart() {
        Path dir = Path.of(System.getProperty("test.indexer.dir", "target/indexer"))
                .toAbsolutePath()
                .normalize();
        Path scripts = Path.of(System.getProperty("test.indexer.scripts", "scripts/indexer"))
                .toAbsolutePath()
                .normalize();
        run(scripts, dir, PREPARE_TIMEOUT, "prepare-indexer.sh", dir.toString());
        // a node left over by a killed test JVM would hold the data directory
        run(scripts, dir, Duration.ofMinutes(1), "stop-indexer.sh", dir.toString());
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken between the check and the bind
            int port = freePortPair();
            try {
                run(scripts, dir, START_TIMEOUT, "start-indexer.sh", "--clean", dir.toString(), String.valueOf(port));
                return new TestIndexer(dir, scripts, port);
            } catch (RuntimeException e) {
                last = e;
                if (!String.valueOf(e.getMessage()).contains("already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    /** A port P with P and P+100 (the transport port) both free on 127.0.0.1. */
    private static int freePortPair() {
        for (int i = 0; i < 50; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (p + 100 <= 65535 && isFree(p + 100)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair (P, P+100) found on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code bash scripts/script args...}, output appended to DIR/provision.log; fails quoting its tail. */
    private static void run(Path scripts, Path dir, Duration timeout, String script, String... args) {
        Path log = dir.resolve("provision.log");
        List<String> cmd =
                new ArrayList<>(List.of("bash", scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    log,
                    "\n$ " + String.join(" ", cmd) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy(); // start-indexer.sh traps TERM and stops the node it started
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                throw failure(script + " timed out after " + timeout, log, dir);
            }
            if (p.exitValue() != 0) {
                throw failure(script + " failed (exit " + p.exitValue() + ")", log, dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        }
    }

    private static IllegalStateException failure(String what, Path log, Path dir) {
        String tail;
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            tail = "(cannot read " + log + ": " + e + ")";
        }
        return new IllegalStateException("test indexer: " + what + "\nscript output: " + log
                + "\nnode logs: " + dir.resolve("logs/stdout.log") + ", " + dir.resolve("logs/test-indexer.log")
                + "\n--- last lines of " + log + " ---\n" + tail);
    }

    /** JUnit 5 extension: starts the shared node before the class and injects {@link TestIndexer} parameters. */
    public static final class Extension implements BeforeAllCallback, ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestIndexer.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            node(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestIndexer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return node(context);
        }

        /** The node shared by the whole test plan (started on first use), for other extensions that need it. */
        // the root store closes its AutoCloseable values when the whole test plan has run: the node stops then
        public static TestIndexer node(ExtensionContext context) {
            return context.getRoot()
                    .getStore(NS)
                    .getOrComputeIfAbsent(TestIndexer.class, k -> TestIndexer.get(), TestIndexer.class);
        }
    }
}
