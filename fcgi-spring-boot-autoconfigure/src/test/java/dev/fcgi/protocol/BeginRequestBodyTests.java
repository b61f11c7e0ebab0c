package dev.fcgi.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BeginRequestBody}: role and keep-connection flag read from the 8-byte
 * body.
 */
class BeginRequestBodyTests {

    @ParameterizedTest
    @ValueSource(ints = { FcgiConstants.ROLE_RESPONDER, FcgiConstants.ROLE_AUTHORIZER, FcgiConstants.ROLE_FILTER,
            0x0100, 0xFFFF })
    void roleIsTheBigEndianFirstTwoBytes(int role) {
        byte[] array = RecordBytes.records().raw(0xEE, 0xEE).beginRequest(1, role, 0).toByteArray();
        assertThat(BeginRequestBody.role(array, 2 + 8)).isEqualTo(role);
    }

    @Test
    void keepConnectionIsBitZeroOfTheFlagsByte() {
        assertThat(BeginRequestBody.keepConnection(new byte[] { 0, 1, 1, 0, 0, 0, 0, 0 }, 0)).isTrue();
        assertThat(BeginRequestBody.keepConnection(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 }, 0)).isFalse();
        assertThat(BeginRequestBody.keepConnection(new byte[] { 0, 1, (byte) 0xFE, 1, 1, 1, 1, 1 }, 0)).isFalse();
        assertThat(BeginRequestBody.keepConnection(new byte[] { 9, 0, 1, 0xE, 0, 0, 0, 0, 0 }, 1)).isFalse();
        assertThat(BeginRequestBody.keepConnection(new byte[] { 9, 0, 1, (byte) 0xFF, 0, 0, 0, 0, 0 }, 1)).isTrue();
    }

}
