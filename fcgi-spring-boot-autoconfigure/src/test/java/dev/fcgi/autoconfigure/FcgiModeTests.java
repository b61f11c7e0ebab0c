package dev.fcgi.autoconfigure;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mode's label is what users write in {@code fcgi.mode}, whatever the JVM's default
 * locale.
 */
class FcgiModeTests {

    @Test
    void labelIsTheSameUnderATurkishDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(FcgiMode.INSTEAD.label()).isEqualTo("instead");
            assertThat(FcgiMode.BESIDE.label()).isEqualTo("beside");
        }
        finally {
            Locale.setDefault(saved);
        }
    }

}
