package io.inventorysync.simulator;

import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.Option;
import io.inventorysync.protocol.StartSpec;
import java.util.List;

/**
 * Every field of a second-generation {@code Start} (the head of a FullSession), for {@link FullSessionMessages}.
 * Starts from the same defaults as {@link StartSpec} (a syscollector agent 001 of cluster {@code wazuh}) but in
 * {@code ModuleDelta}, the second generation's only data mode; setters are fluent; a null string or list omits the
 * field. Its own class rather than a StartSpec: the two generations number {@code Mode} differently.
 */
public final class FullSessionStart {
    private String module = "syscollector";
    private byte mode = Mode.ModuleDelta;
    private List<String> indices = List.of();
    private byte option = Option.Sync;
    private String architecture = "x86_64";
    private String hostname = "agent-host";
    private String osname = "Ubuntu";
    private String osplatform = "ubuntu";
    private String ostype = "linux";
    private String osversion = "22.04";
    private String agentversion = "v5.0.0";
    private String agentname = "agent-001";
    private String agentid = "001";
    private List<String> groups = List.of("default");
    private long globalVersion;
    private String clusterName = "wazuh";
    private long feedOffset;

    /** A Start of the defaults above. */
    public static FullSessionStart defaults() {
        return new FullSessionStart();
    }

    /** {@link #from(StartSpec, byte)} in {@code ModuleDelta}. */
    public static FullSessionStart from(StartSpec start) {
        return from(start, Mode.ModuleDelta);
    }

    /**
     * The agent fields of a first-generation Start (module, indices, option, host, OS, agent, groups, global
     * version, cluster name) under a second-generation {@code mode}: the same agent in both generations.
     */
    public static FullSessionStart from(StartSpec start, byte mode) {
        return new FullSessionStart()
                .module(start.module())
                .mode(mode)
                .indices(start.indices())
                .option(start.option())
                .architecture(start.architecture())
                .hostname(start.hostname())
                .osname(start.osname())
                .osplatform(start.osplatform())
                .ostype(start.ostype())
                .osversion(start.osversion())
                .agentversion(start.agentversion())
                .agentname(start.agentname())
                .agentid(start.agentid())
                .groups(start.groups())
                .globalVersion(start.globalVersion())
                .clusterName(start.clusterName());
    }

    public String module() {
        return module;
    }

    public FullSessionStart module(String value) {
        module = value;
        return this;
    }

    /** A {@code Wazuh.FullSessionSchema.Mode} value (second-generation numbering: ModuleDelta is 0). */
    public byte mode() {
        return mode;
    }

    public FullSessionStart mode(byte value) {
        mode = value;
        return this;
    }

    public List<String> indices() {
        return indices;
    }

    public FullSessionStart indices(List<String> value) {
        indices = value;
        return this;
    }

    /** A {@code Wazuh.FullSessionSchema.Option} value. */
    public byte option() {
        return option;
    }

    public FullSessionStart option(byte value) {
        option = value;
        return this;
    }

    public String architecture() {
        return architecture;
    }

    public FullSessionStart architecture(String value) {
        architecture = value;
        return this;
    }

    public String hostname() {
        return hostname;
    }

    public FullSessionStart hostname(String value) {
        hostname = value;
        return this;
    }

    public String osname() {
        return osname;
    }

    public FullSessionStart osname(String value) {
        osname = value;
        return this;
    }

    public String osplatform() {
        return osplatform;
    }

    public FullSessionStart osplatform(String value) {
        osplatform = value;
        return this;
    }

    public String ostype() {
        return ostype;
    }

    public FullSessionStart ostype(String value) {
        ostype = value;
        return this;
    }

    public String osversion() {
        return osversion;
    }

    public FullSessionStart osversion(String value) {
        osversion = value;
        return this;
    }

    public String agentversion() {
        return agentversion;
    }

    public FullSessionStart agentversion(String value) {
        agentversion = value;
        return this;
    }

    public String agentname() {
        return agentname;
    }

    public FullSessionStart agentname(String value) {
        agentname = value;
        return this;
    }

    public String agentid() {
        return agentid;
    }

    public FullSessionStart agentid(String value) {
        agentid = value;
        return this;
    }

    public List<String> groups() {
        return groups;
    }

    public FullSessionStart groups(List<String> value) {
        groups = value;
        return this;
    }

    public long globalVersion() {
        return globalVersion;
    }

    public FullSessionStart globalVersion(long value) {
        globalVersion = value;
        return this;
    }

    public String clusterName() {
        return clusterName;
    }

    public FullSessionStart clusterName(String value) {
        clusterName = value;
        return this;
    }

    public long feedOffset() {
        return feedOffset;
    }

    public FullSessionStart feedOffset(long value) {
        feedOffset = value;
        return this;
    }
}
