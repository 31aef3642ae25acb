package io.inventorysync.indexer;

import io.inventorysync.support.ConfigurationException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads a PEM private key without BouncyCastle: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}) and encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 as {@code openssl pkcs8 -topk8} writes it, or the older PBES1
 * schemes), decrypted with the JDK's {@link EncryptedPrivateKeyInfo}. The legacy OpenSSL encryption
 * ({@code Proc-Type: 4,ENCRYPTED} headers) is refused by {@link Pem}.
 */
final class PrivateKeys {
    // 1.2.840.10045.2.1 id-ecPublicKey, DER-encoded OID
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
    };

    private PrivateKeys() {}

    static PrivateKey read(Path file) {
        return read(file, null);
    }

    /** @param password the password of an encrypted PKCS#8 key; null or empty when the key is not encrypted */
    static PrivateKey read(Path file, char[] password) {
        List<Pem.Block> blocks = Pem.read(file, "private key");
        for (Pem.Block b : blocks) {
            try {
                switch (b.label()) {
                    case "PRIVATE KEY":
                        return pkcs8(b.der());
                    case "RSA PRIVATE KEY":
                        return pkcs1(b.der());
                    case "EC PRIVATE KEY":
                        return sec1(b.der());
                    case "ENCRYPTED PRIVATE KEY":
                        return encrypted(file, b.der(), password);
                    default:
                    // e.g. "EC PARAMETERS" before the key, as `openssl ecparam -genkey` writes: skip
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new ConfigurationException(
                        "private key file " + file + " holds an invalid " + b.label() + ": " + e.getMessage(), e);
            }
        }
        throw new ConfigurationException(
                "private key file " + file + " holds no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
    }

    private static PrivateKey encrypted(Path file, byte[] der, char[] password) throws GeneralSecurityException {
        if (password == null || password.length == 0) {
            throw new ConfigurationException("private key file " + file + " is encrypted but no password is set"
                    + " (property inventory.indexer.key-password or environment INVENTORY_INDEXER_KEY_PASSWORD)");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an EncryptedPrivateKeyInfo: " + e.getMessage(), e);
        }
        // For PBES2 (OpenSSL's default) getAlgName() is only "PBES2"; the parameters name the real scheme,
        // e.g. "PBEWithHmacSHA256AndAES_256", which SecretKeyFactory and Cipher understand.
        AlgorithmParameters params = info.getAlgParameters();
        String alg = params != null && isPbes2(info.getAlgName()) ? params.toString() : info.getAlgName();
        PKCS8EncodedKeySpec spec;
        try {
            SecretKey key = SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(alg);
            cipher.init(Cipher.DECRYPT_MODE, key, params);
            spec = info.getKeySpec(cipher);
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigurationException(
                    "private key file " + file + " is encrypted with " + alg
                            + ", which this JDK does not support (re-encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc)",
                    e);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(
                    "private key file " + file
                            + " cannot be decrypted: wrong password (inventory.indexer.key-password)? (" + alg + ": "
                            + e.getMessage() + ")",
                    e);
        }
        return pkcs8(spec.getEncoded());
    }

    private static boolean isPbes2(String algName) {
        return algName.equalsIgnoreCase("PBES2") || algName.equals("1.2.840.113549.1.5.13");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not an RSA or EC PKCS#8 key", last);
    }

    /** RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv } (RFC 8017 A.1.2). */
    private static PrivateKey pkcs1(byte[] der) throws GeneralSecurityException {
        List<Der.Tlv> f = Der.sequence(der).children();
        if (f.size() < 9) {
            throw new IllegalArgumentException("PKCS#1 key has " + f.size() + " fields, expected 9");
        }
        if (!f.get(0).integer().equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("multi-prime PKCS#1 keys are not supported");
        }
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateCrtKeySpec(
                        f.get(1).integer(),
                        f.get(2).integer(),
                        f.get(3).integer(),
                        f.get(4).integer(),
                        f.get(5).integer(),
                        f.get(6).integer(),
                        f.get(7).integer(),
                        f.get(8).integer()));
    }

    /**
     * ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OID, [1] publicKey }
     * (RFC 5915). Java reads EC keys only as PKCS#8, so wrap it: SEQUENCE { 0, {id-ecPublicKey, curve}, OCTET
     * STRING(sec1) }.
     */
    private static PrivateKey sec1(byte[] der) throws GeneralSecurityException {
        byte[] curve = null;
        for (Der.Tlv t : Der.sequence(der).children()) {
            if (t.tag() == 0xa0) { // [0] EXPLICIT parameters: the named curve's OID
                curve = Der.read(t.value()).encoded();
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("EC key without a named curve ([0] parameters)");
        }
        byte[] pkcs8 = Der.encode(
                Der.SEQUENCE,
                Der.encode(Der.INTEGER, new byte[] {0}),
                Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY_OID, curve),
                Der.encode(Der.OCTET_STRING, der));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }
}
