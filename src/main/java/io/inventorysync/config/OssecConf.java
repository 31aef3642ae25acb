package io.inventorysync.config;

import io.inventorysync.indexer.client.IndexerSettings;
import io.inventorysync.support.ConfigurationException;
import io.inventorysync.tls.TlsMaterial;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The parts of Wazuh's {@code ossec.conf} this service uses: the {@code <indexer>} block (hosts and TLS files) and
 * {@code <cluster><name>}.
 *
 * <p>Rules, chosen to match what an operator of Wazuh expects:
 * <ul>
 *   <li>The file may hold several top-level {@code <ossec_config>} blocks (Wazuh merges them), so it is parsed inside
 *       a synthetic root. When a setting appears in several blocks, the last one wins.</li>
 *   <li>Hosts must be {@code https://}: any other scheme (notably {@code http://}) is refused, naming the host. A host
 *       without a scheme is taken as {@code https://} (the connection is TLS only, so nothing else could be meant);
 *       a host without a port gets 9200, the indexer's port. Hosts are normalised to {@code https://host:port}.</li>
 *   <li>At least one {@code <ca>} is required; {@code <certificate>} and {@code <key>} go together (both or none:
 *       without them no client certificate is presented, for basic-auth setups). Relative paths resolve against the
 *       directory of the ossec.conf file.</li>
 *   <li>DOCTYPE declarations are refused and external entities never resolved (XXE).</li>
 * </ul>
 *
 * @param file                   the ossec.conf read (absolute)
 * @param hosts                  indexer base URLs, {@code https://host:port}, in file order, at least one
 * @param certificateAuthorities PEM files of the CAs that may sign the indexer's certificate, at least one
 * @param certificate            PEM client certificate (chain), or {@code null} when none is configured
 * @param key                    PEM private key of {@code certificate}, or {@code null} when none is configured
 * @param clusterName            {@code <cluster><name>}, default {@value #DEFAULT_CLUSTER_NAME}
 */
public record OssecConf(
        Path file,
        List<String> hosts,
        List<Path> certificateAuthorities,
        Path certificate,
        Path key,
        String clusterName) {

    public static final String DEFAULT_CLUSTER_NAME = "wazuh";
    public static final int DEFAULT_INDEXER_PORT = 9200;

    private static final Pattern XML_DECLARATION = Pattern.compile("^\\uFEFF?\\s*<\\?xml[^>]*\\?>");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

    public OssecConf {
        hosts = List.copyOf(hosts);
        certificateAuthorities = List.copyOf(certificateAuthorities);
    }

    /** True when a client certificate and key are configured (mutual TLS). */
    public boolean hasClientCertificate() {
        return certificate != null;
    }

    /** {@link #indexerSettings(String)} for a client key that is not encrypted. */
    public IndexerSettings indexerSettings() {
        return indexerSettings(null);
    }

    /**
     * The indexer connection this file describes: its hosts and the TLS context of its PEM files (built now, so a
     * missing or invalid file stops start-up naming it).
     *
     * @param keyPassword password of an encrypted PKCS#8 client key ({@code inventory.indexer.key-password}); null or
     *                    empty: the key is not encrypted
     */
    public IndexerSettings indexerSettings(String keyPassword) {
        char[] password = keyPassword == null || keyPassword.isEmpty() ? null : keyPassword.toCharArray();
        return new IndexerSettings(
                hosts,
                TlsMaterial.sslContext(certificateAuthorities, certificate, key, password),
                TlsMaterial.PROTOCOLS);
    }

    /** Reads and checks {@code file}; every problem is one {@link ConfigurationException} naming the file. */
    public static OssecConf load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Element root = parse(abs);
        Path base = abs.getParent();

        List<Element> indexers = children(root, "indexer");
        if (indexers.isEmpty()) {
            throw error(abs, "no <indexer> block (expected <ossec_config><indexer>...</indexer></ossec_config>)");
        }
        List<String> hostValues = lastNonEmpty(indexers, "hosts", "host");
        if (hostValues.isEmpty()) {
            throw error(abs, "no <indexer><hosts><host> (at least one https:// indexer host is required)");
        }
        List<String> hosts = new ArrayList<>();
        for (String h : hostValues) {
            hosts.add(normaliseHost(abs, h));
        }
        List<String> cas = lastNonEmpty(indexers, "ssl", "certificate_authorities", "ca");
        if (cas.isEmpty()) {
            throw error(
                    abs,
                    "no <indexer><ssl><certificate_authorities><ca> (the CA that signed the indexer's"
                            + " certificate is required: the connection is TLS only)");
        }
        String cert = last(lastNonEmpty(indexers, "ssl", "certificate"));
        String key = last(lastNonEmpty(indexers, "ssl", "key"));
        if ((cert == null) != (key == null)) {
            throw error(
                    abs,
                    cert == null
                            ? "<indexer><ssl><key> is set but <certificate> is not: set both or neither"
                            : "<indexer><ssl><certificate> is set but <key> is not: set both or neither");
        }
        String cluster = last(lastNonEmpty(children(root, "cluster"), "name"));
        return new OssecConf(
                abs,
                hosts,
                cas.stream().map(c -> resolve(base, c)).toList(),
                cert == null ? null : resolve(base, cert),
                key == null ? null : resolve(base, key),
                cluster == null ? DEFAULT_CLUSTER_NAME : cluster);
    }

    private static Element parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw error(file, "file not found");
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e, e);
        }
        // Several top-level blocks are legal in ossec.conf but not in XML: wrap them in one synthetic root.
        // The XML declaration, if any, must go first, and a DOCTYPE would land inside the root: refuse it plainly.
        String body = XML_DECLARATION.matcher(text).replaceFirst("");
        if (COMMENT.matcher(body).replaceAll("").contains("<!DOCTYPE")) {
            throw error(file, "DOCTYPE declarations are not allowed");
        }
        try {
            Document doc = secureBuilder().parse(new InputSource(new StringReader("<root>" + body + "</root>")));
            return doc.getDocumentElement();
        } catch (SAXException e) {
            throw new ConfigurationException(file + ": not valid XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e, e);
        }
    }

    /** A parser that never loads DTDs or external entities (XXE). */
    private static DocumentBuilder secureBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null); // no stderr noise: errors surface as exceptions
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks XXE protection features", e);
        }
    }

    /** https://host[:port][/] → https://host:port; no scheme → https; any other scheme → refused. */
    static String normaliseHost(Path file, String raw) {
        String value = raw.strip();
        String withScheme = value.contains("://") ? value : "https://" + value;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw error(file, "indexer host '" + value + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https")) {
            throw error(file, "indexer host '" + value + "' is not https:// (the indexer connection is TLS only)");
        }
        if (uri.getHost() == null
                || uri.getUserInfo() != null
                || uri.getQuery() != null
                || uri.getFragment() != null
                || !(uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))) {
            throw error(file, "indexer host '" + value + "' must be https://host[:port] without a path");
        }
        int port = uri.getPort() == -1 ? DEFAULT_INDEXER_PORT : uri.getPort();
        return "https://" + uri.getHost() + ":" + port;
    }

    private static Path resolve(Path base, String value) {
        return base.resolve(value).normalize();
    }

    /** The text of every element at {@code path} under the last of {@code blocks} that has any. */
    private static List<String> lastNonEmpty(List<Element> blocks, String... path) {
        List<String> found = List.of();
        for (Element block : blocks) {
            List<String> values = new ArrayList<>();
            collect(block, path, 0, values);
            if (!values.isEmpty()) {
                found = values;
            }
        }
        return found;
    }

    private static void collect(Element e, String[] path, int depth, List<String> out) {
        for (Element child : children(e, path[depth])) {
            if (depth == path.length - 1) {
                String text = child.getTextContent().strip();
                if (!text.isEmpty()) {
                    out.add(text);
                }
            } else {
                collect(child, path, depth + 1, out);
            }
        }
    }

    /** Children named {@code name} of {@code e} and, at the synthetic root, of every top-level block. */
    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        boolean atRoot = e.getParentNode() != null && e.getParentNode().getNodeType() == Node.DOCUMENT_NODE;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                if (child.getTagName().equals(name)) {
                    out.add(child);
                } else if (atRoot) {
                    out.addAll(children(child, name)); // <ossec_config><indexer> (any top-level block name)
                }
            }
        }
        return out;
    }

    private static String last(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static ConfigurationException error(Path file, String what) {
        return new ConfigurationException(file + ": " + what);
    }
}
