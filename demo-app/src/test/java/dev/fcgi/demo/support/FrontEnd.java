package dev.fcgi.demo.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The web servers and proxies the tests run in front of the app: the Debian package each
 * comes from, the file name its configuration is written to, and the command that runs it
 * in the foreground with that file.
 */
public enum FrontEnd {

    /** Apache httpd 2.4 ({@code apache2 -d DIR -f DIR/httpd.conf -DFOREGROUND}). */
    APACHE("apache2", "apache2", "httpd.conf") {
        @Override
        List<String> command(Path binary, Path directory, Path config) {
            return List.of(binary.toString(), "-d", directory.toString(), "-f", config.toString(), "-DFOREGROUND");
        }
    },

    /** lighttpd ({@code lighttpd -D -f lighttpd.conf}). */
    LIGHTTPD("lighttpd", "lighttpd", "lighttpd.conf") {
        @Override
        List<String> command(Path binary, Path directory, Path config) {
            return List.of(binary.toString(), "-D", "-f", config.toString());
        }
    },

    /** Caddy ({@code caddy run --config Caddyfile --adapter caddyfile}). */
    CADDY("caddy", "caddy", "Caddyfile") {
        @Override
        List<String> command(Path binary, Path directory, Path config) {
            return List.of(binary.toString(), "run", "--config", config.toString(), "--adapter", "caddyfile");
        }

        @Override
        Map<String, String> environment(Path directory) {
            // Caddy keeps its state under HOME / XDG directories: the test's directory,
            // not root's.
            return Map.of("HOME", directory.toString(), "XDG_DATA_HOME", directory.toString(), "XDG_CONFIG_HOME",
                    directory.toString());
        }
    },

    /** HAProxy ({@code haproxy -f haproxy.cfg -db}). */
    HAPROXY("haproxy", "haproxy", "haproxy.cfg") {
        @Override
        List<String> command(Path binary, Path directory, Path config) {
            return List.of(binary.toString(), "-f", config.toString(), "-db");
        }
    },

    /**
     * h2o ({@code h2o -c h2o.conf}), which stays in the foreground unless told otherwise.
     */
    H2O("h2o", "h2o", "h2o.conf") {
        @Override
        List<String> command(Path binary, Path directory, Path config) {
            return List.of(binary.toString(), "-c", config.toString());
        }
    },

    /**
     * nginx ({@code nginx -p DIR/ -c nginx.conf -g 'daemon off;'}), for hand-written
     * configurations.
     */
    NGINX("nginx", "nginx-light", "nginx.conf") {
        @Override
        List<String> command(Path binary, Path directory, Path config) {
            return List.of(binary.toString(), "-p", directory + "/", "-c", config.toString(), "-e",
                    directory.resolve("error.log").toString(), "-g", "daemon off;");
        }
    };

    private final String binary;

    private final String debianPackage;

    private final String configFileName;

    FrontEnd(String binary, String debianPackage, String configFileName) {
        this.binary = binary;
        this.debianPackage = debianPackage;
        this.configFileName = configFileName;
    }

    /**
     * The executable's file name.
     * @return such as {@code apache2}
     */
    public String binary() {
        return this.binary;
    }

    /**
     * The Debian package that installs it.
     * @return such as {@code apache2}
     */
    public String debianPackage() {
        return this.debianPackage;
    }

    /**
     * The name the rendered configuration gets in the server's directory.
     * @return such as {@code httpd.conf}
     */
    public String configFileName() {
        return this.configFileName;
    }

    abstract List<String> command(Path binary, Path directory, Path config);

    Map<String, String> environment(Path directory) {
        return Map.of();
    }

}
