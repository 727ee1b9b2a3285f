package io.reactiveorm.tests.db;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few blocking calls BlockHound must let through on non-blocking threads because the JDK, a
 * driver or Jackson makes them, outside our control. Each allowance is as narrow as the call site allows and
 * says why; Netty's and Reactor's own integrations already cover the TLS handshake, DNS files and
 * their event loops. Loaded through {@code META-INF/services}; stateless.
 */
public final class DriverBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // The JDK reads $JAVA_HOME/conf/net.properties once, in the static initializer of
        // sun.net.NetProperties, on whichever thread first creates a socket. When that is a driver's
        // connect on a Reactor thread, BlockHound's error inside <clinit> poisons the class for the
        // whole JVM: every later connect fails with "NoClassDefFoundError: Could not initialize class
        // sun.nio.ch.DummySocketImpl". Seen with r2dbc-postgresql as the JVM's first network use.
        builder.allowBlockingCallsInside("sun.net.NetProperties", "loadDefaultProperties");

        // r2dbc-mysql builds a new SslContext on the event loop for every connection to a server that
        // offers TLS (sslMode PREFERRED is its default): SSLContext.init reads /dev/urandom through
        // NativePRNG, and a configured CA, certificate or key is read from files. Seen against a
        // MariaDB 11.4 with TLS on ("Blocking call! java.io.FileInputStream#readBytes" from
        // SslBridgeHandler$MySqlSslContextSpec.sslContext). Our own servers run with --skip-ssl.
        builder.allowBlockingCallsInside("io.asyncer.r2dbc.mysql.client.SslBridgeHandler", "handleSslState");

        // r2dbc-postgresql does the same when sslMode asks for TLS: registerSslHandler calls its
        // SslContext supplier (random seed, root certificate and key files) while the channel is set up
        // on a Reactor thread.
        builder.allowBlockingCallsInside("io.r2dbc.postgresql.client.ReactorNettyClient", "registerSslHandler");

        // Jackson builds the deserializer of a type once, under a lock, the first time a body of that
        // type is read; concurrent first requests (WebAppContract's 500 clients when its H2 suite runs
        // first) wait for each other there on the event loop ("Blocking call! Unsafe#park" from
        // DeserializerCache._createAndCacheValueDeserializer, answered with 500).
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
    }
}
