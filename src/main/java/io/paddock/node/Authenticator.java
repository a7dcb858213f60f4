package io.paddock.node;

import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.tree.DigestAuth;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ZooKeeper's built-in authentication providers: {@code digest} (always succeeds, yields
 * {@code digest:user:hash}, plus {@code super} when the hash is the configured super digest)
 * and {@code ip} (yields the remote address again). Any other scheme fails.
 */
final class Authenticator {
    private Authenticator() {}

    /** The ids to add to the connection, or null when authentication failed. */
    static List<Id> authenticate(Request.Auth auth, String remoteHost, String superDigest) {
        String scheme = auth.scheme();
        if ("digest".equals(scheme)) {
            String credentials = new String(auth.auth() == null ? new byte[0] : auth.auth(), StandardCharsets.UTF_8);
            String digest = DigestAuth.generateDigest(credentials);
            if (superDigest != null && superDigest.equals(digest)) {
                // super first, as ZooKeeper adds them: the order of adds can matter to AuthInfo's order.
                return List.of(Id.SUPER, new Id("digest", digest));
            }
            return List.of(new Id("digest", digest));
        }
        if ("ip".equals(scheme)) {
            return List.of(new Id("ip", remoteHost));
        }
        return null;
    }
}
