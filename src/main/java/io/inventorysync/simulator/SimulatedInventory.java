package io.inventorysync.simulator;

import Wazuh.SyncSchema.Operation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A host's inventory as syscollector reports it: about four packages for every process, documents shaped like the
 * {@code wazuh-states-inventory-packages} / {@code -processes} ones (a package is about 400 bytes). Deterministic
 * for a given agent: the same agent always has the same packages.
 */
public final class SimulatedInventory {

    public static final String PACKAGES = "wazuh-states-inventory-packages";
    public static final String PROCESSES = "wazuh-states-inventory-processes";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {
        "openssl",
        "libssl3",
        "bash",
        "coreutils",
        "systemd",
        "curl",
        "libcurl4",
        "python3",
        "perl-base",
        "tar",
        "gzip",
        "openssh-server",
        "libc6",
        "zlib1g",
        "sudo",
        "vim-tiny",
        "tzdata",
        "ca-certificates",
        "dpkg",
        "apt",
        "grep",
        "sed",
        "util-linux",
        "procps",
        "iproute2",
        "libsystemd0"
    };
    private static final String[] VENDORS = {
        "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>",
        "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>",
        "Red Hat, Inc.",
        "Canonical Ltd."
    };
    private static final String[] SECTIONS = {"libs", "admin", "utils", "net", "shells", "interpreters", "web"};
    private static final String[] COMMANDS = {
        "/usr/sbin/sshd",
        "/usr/lib/systemd/systemd-journald",
        "/usr/sbin/cron",
        "/var/ossec/bin/wazuh-agentd",
        "/usr/bin/python3",
        "/usr/sbin/rsyslogd",
        "/usr/bin/dbus-daemon"
    };

    private SimulatedInventory() {}

    /**
     * {@code count} items of one agent. Full: every item an {@code Upsert} (version 0). Delta: upserts carrying
     * {@code version} (versioned, as an agent's delta does), and every tenth item a {@code Delete}.
     */
    public static List<Item> items(String agentId, int count, boolean delta, long version) {
        Random random = new Random(agentId.hashCode());
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean process = i % 5 == 4;
            String index = process ? PROCESSES : PACKAGES;
            String id = (process ? "proc-" : "pkg-") + i;
            if (delta && i % 10 == 9) {
                items.add(new Value(Operation.Delete, id, index, version, null));
                continue;
            }
            ObjectNode doc = process ? process(random, i) : pkg(random, i);
            if (delta) {
                doc.putObject("state")
                        .put("document_version", version)
                        .put("modified_at", Instant.now().toString());
            }
            items.add(new Value(Operation.Upsert, id, index, delta ? version : 0, bytes(doc)));
        }
        return items;
    }

    /** Upserts among {@code items}: the documents a successful session leaves in the indexer (full mode). */
    public static long upserts(List<Item> items) {
        return items.stream()
                .filter(i -> i instanceof Value v && v.operation() == Operation.Upsert)
                .count();
    }

    private static ObjectNode pkg(Random random, int i) {
        String name = NAMES[i % NAMES.length] + (i >= NAMES.length ? "-" + i : "");
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode p = doc.putObject("package");
        p.put("name", name)
                .put(
                        "version",
                        (1 + random.nextInt(4)) + "." + random.nextInt(20) + "." + random.nextInt(40) + "-0ubuntu"
                                + (1 + random.nextInt(9)) + "." + random.nextInt(30))
                .put("architecture", i % 7 == 0 ? "all" : "amd64")
                .put("vendor", VENDORS[random.nextInt(VENDORS.length)])
                .put("description", "Simulated package " + name + " - shared files and command-line tools")
                .put("size", 10_000L + random.nextInt(50_000_000))
                .put(
                        "installed",
                        Instant.ofEpochSecond(1_690_000_000L + random.nextInt(40_000_000))
                                .toString())
                .put("type", "deb")
                .put("category", SECTIONS[random.nextInt(SECTIONS.length)])
                .put("priority", "optional")
                .put("source", NAMES[i % NAMES.length])
                .put("multiarch", i % 3 == 0 ? "same" : "")
                .put("path", " ");
        doc.putObject("checksum").putObject("hash").put("sha1", sha1Like(random));
        return doc;
    }

    private static ObjectNode process(Random random, int i) {
        String command = COMMANDS[i % COMMANDS.length];
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode p = doc.putObject("process");
        p.put("pid", 100 + i)
                .put("name", command.substring(command.lastIndexOf('/') + 1))
                .put("command_line", command + " -D")
                .put("state", "S")
                .put(
                        "start",
                        Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000))
                                .toString());
        p.putArray("args").add("-D");
        p.putObject("parent").put("pid", 1);
        p.putObject("user").put("name", i % 2 == 0 ? "root" : "wazuh");
        doc.putObject("checksum").putObject("hash").put("sha1", sha1Like(random));
        return doc;
    }

    private static String sha1Like(Random random) {
        StringBuilder hex = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    private static byte[] bytes(ObjectNode doc) {
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
