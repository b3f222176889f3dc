package io.pdlake.identity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * Keyed pseudonyms for identifiers that are masked in Trino. A column mask applies before a WHERE
 * clause, so a role that sees {@code 130502********1234} cannot look a person up by ID number; it
 * can by the unmasked HMAC-SHA256 of the number under the lake's secret, which the bureau's
 * {@code pdlake lookup-key} gives out. Without the secret the key reveals nothing: an unkeyed hash
 * would, since the masked form leaves only the eight birth-date digits to guess.
 */
public final class LookupKeys
        implements Serializable
{
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] secret;

    public LookupKeys(byte[] secret)
    {
        requireNonNull(secret, "secret is null");
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret must be at least 16 bytes, is " + secret.length);
        }
        this.secret = secret.clone();
    }

    /** The lookup key of an identifier: lower-case hex HMAC-SHA256; null for null. */
    public String key(String identifier)
    {
        if (identifier == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString()
    {
        // never the secret
        return "LookupKeys[HMAC-SHA256]";
    }
}
