/**
 * The TLS material of the indexer connection: reading the PEM files that ossec.conf names (CA certificates, the
 * client certificate chain, its private key in PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1 form) with BouncyCastle, and
 * building the {@link javax.net.ssl.SSLContext} and protocol list from them ({@link io.inventorysync.tls.TlsMaterial}).
 * It takes plain paths and a password, so it sits at the bottom of the package graph beside {@code support}, whose
 * {@link io.inventorysync.support.ConfigurationException} is the one error it reports, naming the file.
 */
package io.inventorysync.tls;
