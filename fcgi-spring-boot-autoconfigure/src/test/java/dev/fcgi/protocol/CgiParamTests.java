package dev.fcgi.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CgiParam}: classification of CGI names, in-place header names,
 * {@code HTTPS} values and decimal parsing.
 */
class CgiParamTests {

    @ParameterizedTest
    @CsvSource({ "REQUEST_METHOD, 1", "REQUEST_URI, 2", "QUERY_STRING, 3", "SERVER_PROTOCOL, 4", "CONTENT_TYPE, 5",
            "CONTENT_LENGTH, 6", "SCRIPT_NAME, 7", "PATH_INFO, 8", "REMOTE_ADDR, 9", "REMOTE_PORT, 10",
            "REMOTE_USER, 11", "HTTPS, 12", "REQUEST_SCHEME, 13", "SERVER_NAME, 14", "SERVER_PORT, 15",
            "SERVER_ADDR, 16", "HTTP_HOST, 17" })
    void everyKnownNameIsClassifiedAsItsConstant(String name, int expected) {
        assertThat(classify(name)).isEqualTo(expected);
    }

    @Test
    void constantsNameTheirParameters() {
        assertThat(new int[] { CgiParam.REQUEST_METHOD, CgiParam.REQUEST_URI, CgiParam.QUERY_STRING,
                CgiParam.SERVER_PROTOCOL, CgiParam.CONTENT_TYPE, CgiParam.CONTENT_LENGTH, CgiParam.SCRIPT_NAME,
                CgiParam.PATH_INFO, CgiParam.REMOTE_ADDR, CgiParam.REMOTE_PORT, CgiParam.REMOTE_USER, CgiParam.HTTPS,
                CgiParam.REQUEST_SCHEME, CgiParam.SERVER_NAME, CgiParam.SERVER_PORT, CgiParam.SERVER_ADDR,
                CgiParam.HTTP_HOST, CgiParam.HTTP_HEADER, CgiParam.HTTP_IGNORED })
            .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(CgiParam.OTHER).isZero();
    }

    @Test
    void nameIsClassifiedInPlaceAtAnOffsetWithoutReadingNeighbours() {
        byte[] array = concat(ascii("xxHTTPSyy"));
        assertThat(CgiParam.classify(array, 2, 5)).isEqualTo(CgiParam.HTTPS);
        assertThat(CgiParam.classify(array, 2, 6)).isEqualTo(CgiParam.OTHER);
        assertThat(CgiParam.classify(array, 2, 4)).isEqualTo(CgiParam.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = { "HTTP_PROXY", "HTTP_CONTENT_LENGTH", "HTTP_CONTENT_TYPE" })
    void httpoxyAndContentHeaderDuplicatesAreIgnored(String name) {
        assertThat(classify(name)).isEqualTo(CgiParam.HTTP_IGNORED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "HTTP_X_FORWARDED_FOR", "HTTP_ACCEPT", "HTTP_USER_AGENT", "HTTP_COOKIE", "HTTP_X",
            "HTTP_PROXY_AUTHORIZATION", "HTTP_HOSTS", "HTTP_CONTENT_LENGTHS" })
    void otherHttpNamesAreRequestHeaders(String name) {
        assertThat(classify(name)).isEqualTo(CgiParam.HTTP_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "HTTP_", "HTTP", "H", "request_method", "Request_Method", "REQUEST_METHO",
            "REQUEST_METHODS", "GATEWAY_INTERFACE", "DOCUMENT_ROOT", "SCRIPT_FILENAME", "http_host", "HTTPS_",
            "PATH_TRANSLATED", "AUTH_TYPE" })
    void unknownOrWronglyCasedNamesAreOther(String name) {
        assertThat(classify(name)).isEqualTo(CgiParam.OTHER);
    }

    @Test
    void forwardedForBecomesALowerCaseDashedHeaderNameInPlace() {
        byte[] array = ascii("[HTTP_X_FORWARDED_FOR]");
        int offset = CgiParam.toHeaderNameInPlace(array, 1, 20);
        assertThat(offset).isEqualTo(6);
        assertThat(new String(array, offset, 20 - 5)).isEqualTo("x-forwarded-for");
        assertThat(new String(array)).isEqualTo("[HTTP_x-forwarded-for]");
    }

    @ParameterizedTest
    @CsvSource({ "HTTP_ACCEPT, accept", "HTTP_X_B3_TRACEID, x-b3-traceid", "HTTP_X, x", "HTTP_A__B, a--b",
            "HTTP_x_lower, x-lower" })
    void headerNamesKeepDigitsAndTurnEveryUnderscoreIntoADash(String param, String header) {
        byte[] array = ascii(param);
        int offset = CgiParam.toHeaderNameInPlace(array, 0, array.length);
        assertThat(new String(array, offset, array.length - 5)).isEqualTo(header);
    }

    @ParameterizedTest
    @ValueSource(strings = { "on", "ON", "On", "oN", "1" })
    void httpsIsOnForOnInAnyCaseAndOne(String value) {
        byte[] array = concat(ascii("="), ascii(value), ascii("x"));
        assertThat(CgiParam.isOn(array, 1, value.length())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "off", "OFF", "0", "", "o", "n", "no", "onn", "yes", "true", "2", "01", "0n", "o1" })
    void httpsIsOffForAnythingElse(String value) {
        byte[] array = concat(ascii("="), ascii(value), ascii("n"));
        assertThat(CgiParam.isOn(array, 1, value.length())).isFalse();
    }

    @Test
    void httpsIsOffForBytesThatOnlyMatchOnWithTheCaseBitForced() {
        // 'o' | 0x20 and 'O' | 0x20 match; nothing else may (0x4F/0x6F and 0x4E/0x6E
        // only)
        for (int b1 = 0; b1 < 256; b1++) {
            for (int b2 = 0; b2 < 256; b2++) {
                boolean expected = (b1 == 'o' || b1 == 'O') && (b2 == 'n' || b2 == 'N');
                assertThat(CgiParam.isOn(new byte[] { (byte) b1, (byte) b2 }, 0, 2)).as("%d %d", b1, b2)
                    .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({ "0, 0", "7, 7", "123, 123", "007, 7", "65535, 65535", "2147483648, 2147483648",
            "999999999999999999, 999999999999999999" })
    void decimalNumbersAreParsed(String digits, long expected) {
        byte[] array = concat(ascii("9"), ascii(digits), ascii("9"));
        assertThat(CgiParam.parseDecimal(array, 1, digits.length())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "-1", "+1", " 1", "1 ", "1a", "0x10", "1.5", "1,000", "/", ":", "١" })
    void nonDigitsAndEmptyAreMinusOne(String text) {
        byte[] array = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CgiParam.parseDecimal(array, 0, array.length)).isEqualTo(-1);
    }

    @Test
    void longMaxValueIsParsed() {
        byte[] digits = ascii(Long.toString(Long.MAX_VALUE));
        assertThat(CgiParam.parseDecimal(digits, 0, digits.length)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void nineteenDigitNumbersBelowLongMaxValueAreParsed() {
        byte[] digits = ascii("1000000000000000000");
        assertThat(CgiParam.parseDecimal(digits, 0, digits.length)).isEqualTo(1_000_000_000_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = { "9223372036854775808", "9999999999999999999", "10000000000000000000",
            "123456789012345678901234567890" })
    void numbersAboveLongMaxValueAreMinusOne(String text) {
        byte[] digits = ascii(text);
        assertThat(CgiParam.parseDecimal(digits, 0, digits.length)).isEqualTo(-1);
    }

    @Test
    void parsingStopsAtTheGivenLength() {
        byte[] array = ascii("12345");
        assertThat(CgiParam.parseDecimal(array, 1, 2)).isEqualTo(23);
    }

    private static int classify(String name) {
        byte[] array = concat(ascii("HTTP_"), ascii(name), ascii("_X"));
        return CgiParam.classify(array, 5, name.length());
    }

}
