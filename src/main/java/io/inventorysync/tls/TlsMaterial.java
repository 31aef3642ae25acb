package io.inventorysync.tls;

import io.inventorysync.support.ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the indexer connection, built from PEM files: the CAs that may sign the server's chain, and
 * the client certificate and key presented for mutual TLS. {@link PemFiles} reads the files with BouncyCastle; the
 * JDK's {@link TrustManagerFactory}, {@link KeyManagerFactory} and {@link SSLContext} do the rest.
 *
 * <p>The server is trusted only if its chain leads to one of the given CAs (the JDK's default trust store is not
 * used: the indexer runs on a private PKI). Host names are not checked here but by the HTTP client, which knows the
 * host it connects to. The context is created for TLS; callers restrict the protocols to {@link #PROTOCOLS} on their
 * sockets (an {@link SSLContext} cannot forbid older versions by itself). Messages name the indexer connection and
 * its settings: it is the service's one TLS connection, and the operator reading them must know what to fix.
 */
public final class TlsMaterial {
    /** The only protocol versions offered to the indexer. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsMaterial() {}

    /** As {@link #sslContext(List, Path, Path, char[])} with an unencrypted key, or none. */
    public static SSLContext sslContext(List<Path> caFiles, Path certificate, Path key) {
        return sslContext(caFiles, certificate, key, null);
    }

    /**
     * @param caFiles     PEM files, each with one or more CA certificates
     * @param certificate PEM client certificate (leaf first, then any intermediates), or null for none
     * @param key         PEM private key of {@code certificate} (PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC),
     *                    or null for none
     * @param keyPassword password of an encrypted PKCS#8 {@code key}, or null
     * @throws ConfigurationException naming the file that is missing, unreadable or invalid
     */
    public static SSLContext sslContext(List<Path> caFiles, Path certificate, Path key, char[] keyPassword) {
        if (caFiles.isEmpty()) {
            throw new ConfigurationException("no certificate authority configured for the indexer connection");
        }
        if ((certificate == null) != (key == null)) {
            throw new ConfigurationException("client certificate and key must be configured together");
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(caFiles));
            KeyManager[] keyManagers = null;
            if (certificate != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = new char[0]; // in-memory store only, never written
                kmf.init(keyStore(certificate, key, keyPassword, password), password);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException("cannot build the indexer TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(List<Path> caFiles) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int n = 0;
        for (Path file : caFiles) {
            for (X509Certificate ca : PemFiles.certificates(file, "CA certificate")) {
                ks.setCertificateEntry("ca-" + n++, ca);
            }
        }
        return ks;
    }

    private static KeyStore keyStore(Path certificate, Path key, char[] keyPassword, char[] password)
            throws GeneralSecurityException, IOException {
        List<X509Certificate> chain = PemFiles.certificates(certificate, "client certificate");
        PrivateKey privateKey = PemFiles.privateKey(key, keyPassword);
        if (!matches(chain.get(0), privateKey)) {
            throw new ConfigurationException("private key file " + key + " (" + privateKey.getAlgorithm()
                    + ") does not match client certificate " + certificate + " ("
                    + chain.get(0).getPublicKey().getAlgorithm() + ")");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", privateKey, password, chain.toArray(new X509Certificate[0]));
        return ks;
    }

    /** A cheap check that turns a mismatched pair into a clear message instead of a failed handshake. */
    private static boolean matches(X509Certificate cert, PrivateKey key) {
        if (!cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        if (cert.getPublicKey() instanceof RSAPublicKey pub && key instanceof RSAPrivateKey priv) {
            return pub.getModulus().equals(priv.getModulus());
        }
        return true;
    }

    /** {@link #PROTOCOLS}, as the TLS strategies of httpclient5 take them. */
    public static String[] protocols() {
        return PROTOCOLS.toArray(new String[0]);
    }
}
