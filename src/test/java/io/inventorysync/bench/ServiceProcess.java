package io.inventorysync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The service as its own JVM ({@code java -Xmx.. -D.. -jar target/inventory-sync.jar}, started from the project
 * directory so {@code config/} and {@code routes/} are read as in production), with its memory sampled from outside:
 * RSS from {@code /proc/<pid>/status} (VmRSS, VmHWM) and heap through the platform MemoryMXBean over a loopback-only
 * JMX connector. Ready once its router port accepts (or its broker subscription is made) and, with
 * {@code inventory.fullsession.enabled}, once its FullSession socket accepts.
 */
final class ServiceProcess implements AutoCloseable {

    /** One memory sample: seconds since the sampler started, RSS and heap in bytes. */
    record Sample(double t, long rss, long heapUsed, long heapCommitted) {}

    private final Process process;
    private final int port;
    private final JMXConnector jmx;
    private final MemoryMXBean memory;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile long samplerStart = System.nanoTime();
    private volatile boolean stopping;

    private ServiceProcess(Process process, int port, JMXConnector jmx, MemoryMXBean memory, long periodMillis) {
        this.process = process;
        this.port = port;
        this.jmx = jmx;
        this.memory = memory;
        this.sampler = new Thread(
                () -> {
                    while (!stopping) {
                        sampleNow();
                        try {
                            Thread.sleep(periodMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "service-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Starts the jar and returns once its router port accepts connections.
     *
     * @param jvmOptions e.g. {@code -Xmx256m}, {@code -XX:StartFlightRecording=...}
     * @param properties {@code -Dkey=value} overrides (router port, ossec.conf and storage path are set here)
     */
    static ServiceProcess start(
            Path projectDir,
            Path jar,
            Path runDir,
            String name,
            List<String> jvmOptions,
            Map<String, String> properties)
            throws Exception {
        int port = freePort();
        int jmxPort = freePort();
        Files.createDirectories(runDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
        cmd.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
        cmd.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
        cmd.add("-Djava.rmi.server.hostname=127.0.0.1");
        cmd.add("-Dcom.sun.management.jmxremote.authenticate=false");
        cmd.add("-Dcom.sun.management.jmxremote.ssl=false");
        cmd.add("-Dinventory.router.transport=tcp");
        cmd.add("-Dinventory.router.port=" + port);
        cmd.add("-Dinventory.storage.path=" + runDir.resolve("storage-" + name).toAbsolutePath());
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        Path log = runDir.resolve("service-" + name + ".log");
        Files.writeString(log, String.join(" ", cmd) + "\n");
        Process p = new ProcessBuilder(cmd)
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean subscriber = "wazuh".equals(properties.get("inventory.router.transport"));
        Path fullSession = "true".equals(properties.get("inventory.fullsession.enabled"))
                ? Path.of(properties.get("inventory.fullsession.socket"))
                : null;
        // ready: the TCP listener accepts, or (beside a manager) the subscription to the broker is made; and the
        // FullSession socket accepts when that door is on
        while ((subscriber ? !Files.readString(log).contains("Subscribed to the router broker") : !accepts(port))
                || (fullSession != null && !accepts(fullSession))) {
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        "the service exited with " + p.exitValue() + " before opening its port; see " + log);
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the service was not ready (port " + port
                        + ", subscription or FullSession socket) within 120 s;" + " see " + log);
            }
            Thread.sleep(100);
        }
        JMXConnector connector = JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(
                connector.getMBeanServerConnection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        return new ServiceProcess(p, port, connector, memory, 250);
    }

    int port() {
        return port;
    }

    /** An attribute of the service's Sessions MBean (SessionsExpired, IndexingGroups, ...), read over JMX. */
    long sessionsAttribute(String name) throws Exception {
        Object value = jmx.getMBeanServerConnection()
                .getAttribute(new ObjectName("io.inventorysync:type=Sessions,name=inventory-sync"), name);
        return ((Number) value).longValue();
    }

    long pid() {
        return process.pid();
    }

    /** Restarts the sampler's clock and drops the samples so far (call at the scenario's t=0). */
    synchronized void resetSamples() {
        samples.clear();
        samplerStart = System.nanoTime();
        cpuAtReset = cpuSeconds();
        threadsAtReset = threadCpuTicks(process.pid());
    }

    private volatile double cpuAtReset;
    private volatile Map<String, Long> threadsAtReset = Map.of();

    /**
     * Waits until the service has used under 5 % of one core for a whole second (background work of the warm-up done:
     * RocksDB flushes, JIT compilations), at most {@code maxSeconds}; returns the seconds waited.
     */
    double awaitIdle(int maxSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        double last = cpuSeconds();
        while (System.nanoTime() - t0 < maxSeconds * 1_000_000_000L) {
            Thread.sleep(1000);
            double now = cpuSeconds();
            if (now - last < 0.05) {
                break;
            }
            last = now;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** User + system CPU seconds of the process since {@link #resetSamples()} (from /proc/<pid>/stat). */
    double cpuSinceReset() {
        return cpuSeconds() - cpuAtReset;
    }

    /**
     * CPU milliseconds per thread name since {@link #resetSamples()}, most first, at most {@code top}: threads of one
     * pool count together (digits dropped: {@code rocksdb:low3} is {@code rocksdb:low}).
     */
    List<Map.Entry<String, Long>> threadCpuSinceReset(int top) {
        Map<String, Long> now = threadCpuTicks(process.pid());
        Map<String, Long> byName = new HashMap<>();
        now.forEach((key, ticks) -> {
            long spent = ticks - threadsAtReset.getOrDefault(key, 0L);
            if (spent > 0) {
                byName.merge(key.substring(key.indexOf(' ') + 1).replaceAll("[0-9]+", ""), spent * 10, Long::sum);
            }
        });
        return byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .toList();
    }

    /** utime + stime ticks of every thread of {@code pid}, keyed {@code "<tid> <name>"}; threads that vanish are skipped. */
    private static Map<String, Long> threadCpuTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    ticks.put(t.getFileName() + " " + name, cpuTicks(stat));
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // the process is going away
        }
        return ticks;
    }

    private double cpuSeconds() {
        return cpuSeconds(process.pid());
    }

    /** User + system CPU seconds of process {@code pid} so far (from /proc/<pid>/stat); 0 when it cannot be read. */
    static double cpuSeconds(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / 100.0; // USER_HZ 100
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime, in clock ticks, of a process's or thread's {@code stat} line (the name may hold spaces). */
    private static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    long peakRss() {
        return status("VmHWM:");
    }

    synchronized long peakHeapUsed() {
        return samples.stream().mapToLong(Sample::heapUsed).max().orElse(0);
    }

    long maxHeap() {
        return memory.getHeapMemoryUsage().getMax();
    }

    /** Runs {@code jcmd <pid> args...} (e.g. {@code JFR.dump filename=x.jfr}); returns its output. */
    String jcmd(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private void sampleNow() {
        try {
            long rss = status("VmRSS:");
            var heap = memory.getHeapMemoryUsage();
            synchronized (this) {
                samples.add(
                        new Sample((System.nanoTime() - samplerStart) / 1e9, rss, heap.getUsed(), heap.getCommitted()));
            }
        } catch (RuntimeException e) {
            // the process is going away
        }
    }

    /** A {@code /proc/<pid>/status} field in bytes (it is given in kB); 0 when unreadable. */
    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        sampler.interrupt();
        try {
            jmx.close();
        } catch (IOException e) {
            // already gone
        }
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A connection to the Unix socket is accepted (then closed at once, before any request). */
    private static boolean accepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return s.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
