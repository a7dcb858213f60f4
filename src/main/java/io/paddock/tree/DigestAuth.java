package io.paddock.tree;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code digest} authentication scheme ({@code DigestAuthenticationProvider}): an
 * {@code addAuth("digest", "user:password")} becomes the identity
 * {@code digest:user:BASE64(SHA1("user:password"))}, standard Base64 with padding, and it
 * also grants {@code super} when that digest equals the configured super digest.
 *
 * <p>Stateless; safe from any thread.
 */
public final class DigestAuth {
    private DigestAuth() {}

    /**
     * {@code user + ":" + base64(sha1(userColonPassword))}, where {@code user} is the text before
     * the first ':' (the whole input when there is none). Digest auth accepts any bytes, so
     * this never fails.
     */
    public static String generateDigest(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        String user = colon < 0 ? userColonPassword : userColonPassword.substring(0, colon);
        byte[] hash = sha1().digest(userColonPassword.getBytes(StandardCharsets.UTF_8));
        return user + ":" + Base64.getEncoder().encodeToString(hash);
    }

    /** True when the digest of {@code userColonPassword} equals {@code superDigest} (null: no super user). */
    public static boolean isSuper(String userColonPassword, String superDigest) {
        return superDigest != null && superDigest.equals(generateDigest(userColonPassword));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1, so this is a broken runtime, not a client error.
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
