package dev.kata.runtime.net;

import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.node.NodeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Mutual TLS under the handshake ({@link TcpNodeConfig#withTls}): a connected socket is layered
 * with TLS, both sides show certificates, and the name a peer claims in its hello must be its
 * certificate's. Layering connected sockets, rather than listening on an {@code SSLServerSocket},
 * keeps {@link TcpCluster}'s pre-bound ports working.
 */
final class Tls {

    private Tls() {
    }

    /** The dialer's side: the server must show a certificate for the id we dialed. */
    static Socket dialed(SSLContext context, Socket connected, NodeId peer, InetSocketAddress address,
                         Duration timeout) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(connected, address.getHostString(), address.getPort(), true);
        tls.setUseClientMode(true);
        handshake(tls, timeout, "with " + peer + " at " + address);
        checkName(tls, peer, peer + " at " + address);
        return tls;
    }

    /** The acceptor's side: the dialer must show a certificate too (checked against its hello later). */
    static Socket accepted(SSLContext context, Socket accepted, Duration timeout) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
        tls.setUseClientMode(false);
        tls.setNeedClientAuth(true);
        handshake(tls, timeout, "from " + accepted.getRemoteSocketAddress());
        return tls;
    }

    /** On a TLS socket, checks that the peer's certificate names {@code claimed}; on plain TCP, does nothing. */
    static void checkName(Socket socket, NodeId claimed, String who) throws BadFrameException {
        if (!(socket instanceof SSLSocket tls)) {
            return;
        }
        String name = commonName(tls);
        if (!claimed.name().equals(name)) {
            throw new BadFrameException(who + " speaks as " + claimed + ", but its certificate names "
                    + (name == null ? "no CN" : name) + "; a node's certificate must name it (CN=" + claimed + ")");
        }
    }

    private static void handshake(SSLSocket tls, Duration timeout, String where) throws BadFrameException {
        try {
            tls.setSoTimeout((int) timeout.toMillis());
            tls.startHandshake();
        } catch (IOException e) {
            throw new BadFrameException("TLS handshake " + where + " failed: " + e.getMessage());
        }
    }

    private static String commonName(SSLSocket tls) throws BadFrameException {
        try {
            Certificate[] chain = tls.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
                return null;
            }
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (IOException | InvalidNameException e) {
            throw new BadFrameException("cannot read the peer's certificate: " + e.getMessage());
        }
    }
}
