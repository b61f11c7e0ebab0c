package dev.fcgi.autoconfigure;

import dev.fcgi.tomcat.FcgiSettingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a {@link FcgiSettingException} (a setting the connector cannot start with) as the
 * failure analysis it already carries: what is wrong, naming the property, and what to
 * do.
 */
class FcgiSettingFailureAnalyzer extends AbstractFailureAnalyzer<FcgiSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FcgiSettingException cause) {
        return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
    }

}
