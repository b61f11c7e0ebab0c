package dev.fcgi.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|POST /request}: describes the request as the servlet API sees it, so that a
 * test can check how a front end's CGI parameters were mapped (method, URI, query,
 * parameters, headers, client and server addresses, scheme) and which JVM answered
 * ({@code pid}).
 */
@RestController
public class RequestInfoController {

    /**
     * Describes the current request.
     * @param request the request being served
     * @return a JSON object: {@code method}, {@code uri}, {@code query}, {@code q},
     * {@code params}, {@code headers}, {@code remoteAddr}, {@code remotePort},
     * {@code scheme}, {@code secure}, {@code serverName}, {@code serverPort},
     * {@code contentType}, {@code pid}, and as extras {@code protocol},
     * {@code remoteUser} and {@code attributes}
     */
    @RequestMapping(path = "/request", method = { RequestMethod.GET, RequestMethod.POST },
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> describe(HttpServletRequest request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("method", request.getMethod());
        answer.put("uri", request.getRequestURI());
        answer.put("query", request.getQueryString());
        answer.put("q", request.getParameter("q"));
        answer.put("params", parameters(request));
        answer.put("headers", headers(request));
        answer.put("remoteAddr", request.getRemoteAddr());
        answer.put("remotePort", request.getRemotePort());
        answer.put("scheme", request.getScheme());
        answer.put("secure", request.isSecure());
        answer.put("serverName", request.getServerName());
        answer.put("serverPort", request.getServerPort());
        answer.put("contentType", request.getContentType());
        answer.put("pid", ProcessHandle.current().pid());
        answer.put("protocol", request.getProtocol());
        answer.put("remoteUser", request.getRemoteUser());
        answer.put("attributes", plainAttributes(request));
        return answer;
    }

    /**
     * Every parameter, query and form fields alike: a single value as itself, several as
     * a list.
     */
    private static Map<String, Object> parameters(HttpServletRequest request) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        request.getParameterMap()
            .forEach((name, values) -> parameters.put(name, (values.length == 1) ? values[0] : List.of(values)));
        return parameters;
    }

    /**
     * Every header under its lower-case name; repeated headers joined with {@code ", "}
     * as HTTP allows.
     */
    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            List<String> values = new ArrayList<>(Collections.list(request.getHeaders(name)));
            headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values),
                    (first, second) -> first + ", " + second);
        }
        return headers;
    }

    /**
     * String-valued request attributes with undotted names: what the connector exposes
     * from FastCGI params (see {@code fcgi.request.attributes-pattern}), leaving out the
     * dotted names containers and frameworks use for their own bookkeeping.
     */
    private static Map<String, String> plainAttributes(HttpServletRequest request) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : Collections.list(request.getAttributeNames())) {
            if (name.indexOf('.') < 0 && request.getAttribute(name) instanceof String value) {
                attributes.put(name, value);
            }
        }
        return attributes;
    }

}
