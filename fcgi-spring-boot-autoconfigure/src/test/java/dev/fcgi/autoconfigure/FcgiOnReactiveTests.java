package dev.fcgi.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive (WebFlux) application with the starter present: FastCGI is not added, and a
 * WARN line says why and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class FcgiOnReactiveTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FcgiAutoConfiguration.class, FcgiInactiveAutoConfiguration.class));

    @Test
    void reactiveApplicationIsToldWhyFastCgiIsOff(CapturedOutput output) {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(FcgiConnectorHolder.class);
            assertThat(output.getOut()).contains("WARN")
                .contains("FastCGI is not active: this is a reactive (WebFlux) application")
                .contains("set fcgi.enabled=false");
        });
    }

    @Test
    void noWarningWhenTheUserTurnedFastCgiOff(CapturedOutput output) {
        this.runner.withPropertyValues("fcgi.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(FcgiInactiveWarning.class);
            assertThat(output.getOut()).doesNotContain("FastCGI is not active");
        });
    }

}
