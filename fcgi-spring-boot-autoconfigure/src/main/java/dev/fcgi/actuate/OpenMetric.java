package dev.fcgi.actuate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a figure of {@link FcgiStatus} that the OpenMetrics format also writes, and says
 * how: the metric's name, type and help. Figures without it appear in the JSON and text
 * formats only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface OpenMetric {

    /**
     * @return the metric's name, without the {@code _total} a counter's sample adds
     */
    String name();

    /**
     * @return the metric's type
     */
    Type type() default Type.GAUGE;

    /**
     * @return the metric's help text
     */
    String help();

    /**
     * For a figure that is a word rather than a number: the sample is 1 when the figure
     * is this word, 0 otherwise.
     * @return the word, empty for a numeric figure
     */
    String oneWhen() default "";

    /** The OpenMetrics types the status uses. */
    enum Type {

        /** A value that goes up and down. */
        GAUGE,

        /** A count since start; its sample is named with {@code _total}. */
        COUNTER

    }

}
