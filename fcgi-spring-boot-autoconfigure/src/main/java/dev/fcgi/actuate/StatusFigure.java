package dev.fcgi.actuate;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One figure of the status as its record declares it: {@link FcgiStatus} (and
 * {@link FcgiStatus.Worker}) is where each figure is said once, its name in JSON and
 * text, its place in their order and, with {@link OpenMetric}, how the OpenMetrics format
 * writes it. The text and OpenMetrics formats render from this list; Jackson writes the
 * JSON from the same components.
 *
 * @param name the figure's name, as in JSON and text
 * @param accessor reads the figure from a status (or worker)
 * @param metric how the OpenMetrics format writes it, or null when it does not
 */
record StatusFigure(String name, Method accessor, @Nullable OpenMetric metric) {

    /** The pool's figures, in order; the workers are listed apart. */
    static final List<StatusFigure> STATUS = of(FcgiStatus.class);

    /** A worker's figures, in order. */
    static final List<StatusFigure> WORKER = of(FcgiStatus.Worker.class);

    private static List<StatusFigure> of(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
            .filter((component) -> !List.class.isAssignableFrom(component.getType()))
            .map(StatusFigure::of)
            .toList();
    }

    private static StatusFigure of(RecordComponent component) {
        return new StatusFigure(component.getName(), component.getAccessor(),
                component.getAnnotation(OpenMetric.class));
    }

    /**
     * Reads the figure.
     * @param status the status, or one of its workers
     * @return the figure's value, null when it has none
     */
    @Nullable Object valueIn(Record status) {
        try {
            return this.accessor.invoke(status);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("Cannot read " + this.name + " of " + status, ex);
        }
    }

}
