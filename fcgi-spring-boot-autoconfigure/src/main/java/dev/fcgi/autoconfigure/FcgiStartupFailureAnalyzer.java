package dev.fcgi.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a {@link FcgiStartupException} as the failure analysis it already carries.
 */
class FcgiStartupFailureAnalyzer extends AbstractFailureAnalyzer<FcgiStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FcgiStartupException cause) {
        return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
    }

}
