package dev.fcgi.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecordType}: the type bytes of the specification, their names and
 * which are management types.
 */
class RecordTypeTests {

    @ParameterizedTest
    @CsvSource({ "1, BEGIN_REQUEST", "2, ABORT_REQUEST", "3, END_REQUEST", "4, PARAMS", "5, STDIN", "6, STDOUT",
            "7, STDERR", "8, DATA", "9, GET_VALUES", "10, GET_VALUES_RESULT", "11, UNKNOWN_TYPE" })
    void everyTypeHasItsSpecificationName(int type, String name) {
        assertThat(RecordType.nameOf(type)).isEqualTo(name);
    }

    @Test
    void constantsAreTheSpecificationTypeBytes() {
        assertThat(new int[] { RecordType.BEGIN_REQUEST, RecordType.ABORT_REQUEST, RecordType.END_REQUEST,
                RecordType.PARAMS, RecordType.STDIN, RecordType.STDOUT, RecordType.STDERR, RecordType.DATA,
                RecordType.GET_VALUES, RecordType.GET_VALUES_RESULT, RecordType.UNKNOWN_TYPE })
            .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(RecordType.MAX_DEFINED).isEqualTo(11);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 12, 100, 255, -1 })
    void undefinedTypesAreNamedUnknownWithTheirNumber(int type) {
        assertThat(RecordType.nameOf(type)).isEqualTo("UNKNOWN(" + type + ")");
    }

    @Test
    void onlyGetValuesGetValuesResultAndUnknownTypeAreManagementTypes() {
        for (int type = 0; type <= 255; type++) {
            boolean expected = type == 9 || type == 10 || type == 11;
            assertThat(RecordType.isManagement(type)).as(RecordType.nameOf(type)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7, 8 })
    void applicationRecordTypesAreNotManagement(int type) {
        assertThat(RecordType.isManagement(type)).isFalse();
    }

}
