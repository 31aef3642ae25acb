package io.inventorysync.protocol;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Option;
import java.util.List;

/**
 * Every field of a {@code Start}, for {@link AgentMessages#start}. Starts from sensible defaults (a
 * syscollector full sync of agent 001); setters are fluent; a null string or list omits the field.
 * Mutable on purpose: simulators tweak one or two fields per session.
 */
public final class StartSpec {

    private String module = "syscollector";
    private byte mode = Mode.ModuleFull;
    private long size;
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
    private String clusterNode = "node01";

    /** A Start of the defaults above. */
    public static StartSpec defaults() {
        return new StartSpec();
    }

    public String module() {
        return module;
    }

    public StartSpec module(String value) {
        module = value;
        return this;
    }
    /** A {@code Wazuh.SyncSchema.Mode} value. */
    public byte mode() {
        return mode;
    }

    public StartSpec mode(byte value) {
        mode = value;
        return this;
    }

    public long size() {
        return size;
    }

    public StartSpec size(long value) {
        size = value;
        return this;
    }

    public List<String> indices() {
        return indices;
    }

    public StartSpec indices(List<String> value) {
        indices = value;
        return this;
    }
    /** A {@code Wazuh.SyncSchema.Option} value. */
    public byte option() {
        return option;
    }

    public StartSpec option(byte value) {
        option = value;
        return this;
    }

    public String architecture() {
        return architecture;
    }

    public StartSpec architecture(String value) {
        architecture = value;
        return this;
    }

    public String hostname() {
        return hostname;
    }

    public StartSpec hostname(String value) {
        hostname = value;
        return this;
    }

    public String osname() {
        return osname;
    }

    public StartSpec osname(String value) {
        osname = value;
        return this;
    }

    public String osplatform() {
        return osplatform;
    }

    public StartSpec osplatform(String value) {
        osplatform = value;
        return this;
    }

    public String ostype() {
        return ostype;
    }

    public StartSpec ostype(String value) {
        ostype = value;
        return this;
    }

    public String osversion() {
        return osversion;
    }

    public StartSpec osversion(String value) {
        osversion = value;
        return this;
    }

    public String agentversion() {
        return agentversion;
    }

    public StartSpec agentversion(String value) {
        agentversion = value;
        return this;
    }

    public String agentname() {
        return agentname;
    }

    public StartSpec agentname(String value) {
        agentname = value;
        return this;
    }

    public String agentid() {
        return agentid;
    }

    public StartSpec agentid(String value) {
        agentid = value;
        return this;
    }

    public List<String> groups() {
        return groups;
    }

    public StartSpec groups(List<String> value) {
        groups = value;
        return this;
    }

    public long globalVersion() {
        return globalVersion;
    }

    public StartSpec globalVersion(long value) {
        globalVersion = value;
        return this;
    }

    public String clusterName() {
        return clusterName;
    }

    public StartSpec clusterName(String value) {
        clusterName = value;
        return this;
    }

    public String clusterNode() {
        return clusterNode;
    }

    public StartSpec clusterNode(String value) {
        clusterNode = value;
        return this;
    }
}
