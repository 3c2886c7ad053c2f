package dev.kata.runtime.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for the TLS tests, made in memory (the JDK can read certificates but has
 * no public API to write one, and running keytool for each would cost seconds): a minimal X.509 v3
 * certificate, DER-encoded by hand, signed with ECDSA on P-256.
 */
final class TestCertificates {

    /** One identity: its keys and its certificate, whose subject is CN=name. */
    record Identity(String name, KeyPair keys, X509Certificate certificate) {
    }

    private TestCertificates() {
    }

    static Identity identity(String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            return new Identity(name, keys, selfSigned(name, keys));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context that shows {@code self}'s certificate and trusts exactly {@code trusted}'s. */
    static SSLContext context(Identity self, List<Identity> trusted) {
        try {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(self.name(), self.keys().getPrivate(), password, new Certificate[] {self.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (Identity identity : trusted) {
                trust.setCertificateEntry(identity.name(), identity.certificate());
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate selfSigned(String name, KeyPair keys) throws GeneralSecurityException {
        byte[] ecdsaWithSha256 = der(0x06, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02});
        byte[] algorithm = der(0x30, ecdsaWithSha256);
        byte[] commonName = der(0x30, der(0x31, der(0x30, concat(der(0x06, new byte[] {0x55, 0x04, 0x03}),
                der(0x0C, name.getBytes(StandardCharsets.UTF_8))))));
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = der(0x30, concat(
                der(0x17, now.minusDays(1).format(utc).getBytes(StandardCharsets.US_ASCII)),
                der(0x17, now.plusDays(1).format(utc).getBytes(StandardCharsets.US_ASCII))));
        byte[] tbs = der(0x30, concat(
                der(0xA0, der(0x02, new byte[] {2})),                      // version 3
                der(0x02, BigInteger.valueOf(System.nanoTime()).abs().toByteArray()),
                algorithm, commonName, validity, commonName,
                keys.getPublic().getEncoded()));                           // SubjectPublicKeyInfo, DER already
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = concat(new byte[] {0}, signer.sign());          // a BIT STRING with no unused bits
        byte[] certificate = der(0x30, concat(tbs, algorithm, der(0x03, signature)));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
