package io.natsj.server;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The client's certificate chain on a TLS connection, for verify_and_map. */
final class TlsPeer {
    private TlsPeer() {
    }

    /** The verified chain, the client's own certificate first; null on plain TCP or without one. */
    static X509Certificate[] certificates(Channel ch) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] certs = ssl.engine().getSession().getPeerCertificates();
            X509Certificate[] x = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                x[i] = (X509Certificate) certs[i];
            }
            return x;
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return null;
        }
    }
}
