package io.pdlake.identity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestLookupKeys
{
    private static final LookupKeys KEYS = new LookupKeys("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void isHmacSha256InLowerCaseHex()
    {
        // computed independently with Python's hmac module
        assertThat(KEYS.key("11010519491231002X")).isEqualTo("7b2b7323b75750d6b3bf13c96f9841b6f9b099fed3f4ac35fa61cfa57ff8b97b");
        assertThat(KEYS.key(null)).isNull();
    }

    @Test
    void anotherSecretGivesAnotherKey()
    {
        LookupKeys other = new LookupKeys("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertThat(other.key("11010519491231002X")).isNotEqualTo(KEYS.key("11010519491231002X")).hasSize(64);
    }

    @Test
    void refusesAShortSecretAndNeverPrintsIt()
    {
        assertThatThrownBy(() -> new LookupKeys(new byte[15])).hasMessage("secret must be at least 16 bytes, is 15");
        assertThat(KEYS.toString()).doesNotContain("0123456789abcdef");
    }
}
