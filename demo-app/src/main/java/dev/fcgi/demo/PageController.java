package dev.fcgi.demo;

import java.util.List;
import java.util.stream.IntStream;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A server-rendered page, {@code GET /page}: a Thymeleaf view, the way most Spring MVC
 * sites answer. Thymeleaf flushes the writer as it finishes the view; the page must still
 * leave as an ordinary response that the web server may buffer and compress, not as a
 * stream.
 */
@Controller
public class PageController {

    /**
     * Renders the {@code page} template with a list of {@code rows} items.
     * @param rows how many rows the page's table gets (a large number makes a page larger
     * than the output buffer)
     * @param model the view's model
     * @return the view name
     */
    @GetMapping("/page")
    public String page(@RequestParam(defaultValue = "5") int rows, Model model) {
        model.addAttribute("title", "FastCGI demo page");
        model.addAttribute("rows", rows(Math.max(0, Math.min(rows, 100_000))));
        return "page";
    }

    private static List<Row> rows(int count) {
        return IntStream.range(0, count).mapToObj((i) -> new Row(i, "row " + i)).toList();
    }

    /**
     * One row of the page's table.
     *
     * @param number the row's number
     * @param label the row's text
     */
    public record Row(int number, String label) {
    }

}
