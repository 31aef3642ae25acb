package io.inventorysync.tls;

import io.inventorysync.support.ConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates and private keys from PEM files, parsed by BouncyCastle: {@link PEMParser} reads the blocks,
 * {@link JcaX509CertificateConverter} and {@link JcaPEMKeyConverter} turn them into JDK objects, and
 * {@link JceOpenSSLPKCS8DecryptorProviderBuilder} decrypts an encrypted PKCS#8 key. BouncyCastle is used as a
 * library: keys and certificates are made by the JDK's providers (JSSE gets its own key classes), and the one
 * BouncyCastle provider, needed by the decryptor, is an instance handed to it, never registered with the JCA.
 * (Oracle's JDK, unlike OpenJDK builds, would refuse that provider from the shaded jar, which has no signatures.)
 *
 * <p>Key forms: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1
 * ({@code BEGIN EC PRIVATE KEY}) and encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 as
 * {@code openssl pkcs8 -topk8} writes it, or PBES1). The legacy OpenSSL encryption of PKCS#1/SEC1 keys
 * ({@code Proc-Type: 4,ENCRYPTED}) is refused, as it always was: its key is one MD5 round over the password, and
 * {@code openssl pkcs8 -topk8} converts such a key. Every failure is one {@link ConfigurationException} naming the
 * file.
 */
final class PemFiles {
    private static final Set<String> CERTIFICATE = Set.of("CERTIFICATE");
    private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    private static final Set<String> PRIVATE_KEY =
            Set.of("PRIVATE KEY", ENCRYPTED, "RSA PRIVATE KEY", "EC PRIVATE KEY");

    private PemFiles() {}

    /** Every CERTIFICATE block of {@code file}, in order; at least one. */
    static List<X509Certificate> certificates(Path file, String what) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> out = new ArrayList<>();
        Blocks blocks = Blocks.of(file, what, CERTIFICATE);
        for (Object block = blocks.next(); block != null; block = blocks.next()) {
            try {
                out.add(converter.getCertificate((X509CertificateHolder) block));
            } catch (CertificateException e) {
                throw new ConfigurationException(
                        what + " file " + file + " holds an invalid certificate: " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new ConfigurationException(what + " file " + file + " holds no CERTIFICATE block");
        }
        return out;
    }

    static PrivateKey privateKey(Path file) {
        return privateKey(file, null);
    }

    /**
     * The first private key block of {@code file}; the other blocks (e.g. the {@code EC PARAMETERS} that
     * {@code openssl ecparam -genkey} writes before the key) are skipped.
     *
     * @param password the password of an encrypted PKCS#8 key; null or empty when the key is not encrypted
     */
    static PrivateKey privateKey(Path file, char[] password) {
        Blocks blocks = Blocks.of(file, "private key", PRIVATE_KEY);
        Object block;
        try {
            block = blocks.next();
        } catch (ConfigurationException e) {
            if (blocks.label() != null && blocks.label().equals(ENCRYPTED)) {
                requirePassword(file, password); // the missing password is what to fix first
            }
            throw e;
        }
        if (block == null) {
            throw new ConfigurationException(
                    "private key file " + file + " holds no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
        }
        PrivateKeyInfo info;
        if (block instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            info = decrypt(file, encrypted, password);
        } else if (block instanceof PEMKeyPair pair) { // PKCS#1 and SEC1
            info = pair.getPrivateKeyInfo();
        } else {
            info = (PrivateKeyInfo) block;
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new ConfigurationException(
                    "private key file " + file + " holds an invalid " + blocks.label() + ": " + e.getMessage(), e);
        }
    }

    private static void requirePassword(Path file, char[] password) {
        if (password == null || password.length == 0) {
            throw new ConfigurationException("private key file " + file + " is encrypted but no password is set"
                    + " (property inventory.indexer.key-password or environment INVENTORY_INDEXER_KEY_PASSWORD)");
        }
    }

    private static PrivateKeyInfo decrypt(Path file, PKCS8EncryptedPrivateKeyInfo encrypted, char[] password) {
        requirePassword(file, password);
        try {
            // BouncyCastle's provider, as an instance for this call only: the builder asks for ciphers such as
            // AES/CBC/PKCS7Padding and key specs that only it provides; JDK providers decline them
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(new BouncyCastleProvider())
                    .build(password);
            return encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            // a wrong password shows as bad padding or as garbage that is no PrivateKeyInfo, they cannot be told
            // apart; an unsupported scheme (the provider has every one OpenSSL writes) names itself in the cause
            throw new ConfigurationException(
                    "private key file " + file
                            + " cannot be decrypted: wrong password (inventory.indexer.key-password)? ("
                            + scheme(encrypted.getEncryptionAlgorithm()) + ": " + e.getMessage() + ")",
                    e);
        }
    }

    /** A name for the message: for PBES2 (OpenSSL's default) the cipher it wraps, e.g. "PBES2 with AES-256/CBC". */
    private static String scheme(AlgorithmIdentifier algorithm) {
        DefaultAlgorithmNameFinder names = new DefaultAlgorithmNameFinder();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.id_PBES2)) {
            try {
                PBES2Parameters params = PBES2Parameters.getInstance(algorithm.getParameters());
                return "PBES2 with "
                        + names.getAlgorithmName(params.getEncryptionScheme().getAlgorithm());
            } catch (RuntimeException e) {
                return "PBES2";
            }
        }
        return names.getAlgorithmName(oid);
    }

    /**
     * A {@link PEMParser} that sees only the blocks of {@code labels}, as the files mix in others (comments, EC
     * PARAMETERS, a key beside its certificate), and that remembers the label of the block it parses so a failure
     * can name it.
     */
    private static final class Blocks extends PEMParser {
        private final Path file;
        private final String what;
        private final Set<String> labels;
        private boolean anyBlock;
        private String label;
        private boolean legacyEncrypted;

        private Blocks(String text, Path file, String what, Set<String> labels) {
            super(new StringReader(text));
            this.file = file;
            this.what = what;
            this.labels = labels;
        }

        static Blocks of(Path file, String what, Set<String> labels) {
            try {
                return new Blocks(Files.readString(file, StandardCharsets.US_ASCII), file, what, labels);
            } catch (NoSuchFileException e) {
                throw new ConfigurationException(what + " file " + file + " not found");
            } catch (IOException e) {
                throw new ConfigurationException(what + " file " + file + " cannot be read: " + e, e);
            }
        }

        /** The next block of one of the labels, parsed ({@link PEMParser#readObject}); null after the last. */
        Object next() {
            Object block;
            try {
                block = readObject();
            } catch (IOException | RuntimeException e) {
                refuseLegacyEncryption();
                String where = label == null ? "a corrupt PEM block" : "an invalid " + label;
                throw new ConfigurationException(what + " file " + file + " holds " + where + ": " + e.getMessage(), e);
            }
            refuseLegacyEncryption();
            if (block == null && !anyBlock) {
                throw new ConfigurationException(what + " file " + file + " holds no PEM block (-----BEGIN ...-----)");
            }
            return block;
        }

        String label() {
            return label;
        }

        /** Whether parsing failed or not: PEMParser would return a PEMEncryptedKeyPair, or fail on its headers. */
        private void refuseLegacyEncryption() {
            if (legacyEncrypted) {
                throw new ConfigurationException(what + " file " + file + " is encrypted with the legacy OpenSSL"
                        + " scheme (Proc-Type: 4,ENCRYPTED), which is not supported (convert it with openssl pkcs8"
                        + " -topk8 -v2 aes-256-cbc)");
            }
        }

        @Override
        public PemObject readPemObject() throws IOException {
            label = null;
            PemObject block = super.readPemObject();
            while (block != null) {
                anyBlock = true;
                if (labels.contains(block.getType())) {
                    label = block.getType();
                    legacyEncrypted = false;
                    for (Object header : block.getHeaders()) {
                        legacyEncrypted |= ((PemHeader) header).getName().equals("Proc-Type");
                    }
                    return block;
                }
                block = super.readPemObject();
            }
            return null;
        }
    }
}
