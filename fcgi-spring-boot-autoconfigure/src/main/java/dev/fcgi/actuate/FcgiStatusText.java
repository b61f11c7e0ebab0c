package dev.fcgi.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Writes the status as plain text in the manner of PHP-FPM's {@code ?full} status page:
 * one {@code name: value} line per figure, then a block per worker. The names and order
 * are the JSON ones: {@link StatusFigure}.
 */
final class FcgiStatusText {

    private FcgiStatusText() {
    }

    static String write(FcgiStatus status) {
        StringBuilder text = new StringBuilder(1024 + 256 * status.workers().size());
        lines(text, StatusFigure.STATUS, status);
        for (FcgiStatus.Worker worker : status.workers()) {
            text.append("\n************************\n");
            lines(text, StatusFigure.WORKER, worker);
        }
        return text.toString();
    }

    private static void lines(StringBuilder text, List<StatusFigure> figures, Record status) {
        for (StatusFigure figure : figures) {
            line(text, figure.name(), figure.valueIn(status));
        }
    }

    private static void line(StringBuilder text, String name, @Nullable Object value) {
        if (value == null) {
            return;
        }
        text.append(name).append(':');
        for (int pad = name.length(); pad < 20; pad++) {
            text.append(' ');
        }
        text.append(' ').append(value).append('\n');
    }

}
