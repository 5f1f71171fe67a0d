package dev.doitlive.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;

/** The framework properties: config/framework.properties, then what the launcher and its options set. */
final class FrameworkProperties {
    static final String FILE = "framework.properties";
    static final String ACTIVE_LEVEL = "doitlive.startlevel.active";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private FrameworkProperties() {
    }

    static Map<String, String> load(Options o, Path config, Path watch, Path storage) throws LaunchException {
        Path file = config.resolve(FILE);
        Map<String, String> props = new LinkedHashMap<>();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new LaunchException(file + ": not found (point --config at the folder that holds it)");
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException(file + ": cannot read: " + e.getMessage());
        }
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));

        props.put("doitlive.config", config.toString());
        props.put("doitlive.watch", watch.toString());
        props.put("doitlive.storage", storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        if (o.console() == Options.Console.HEADLESS) {
            // gogo.shell then starts no console of its own: the launcher reads standard input.
            props.put("gosh.args", "--nointeractive");
        }
        props.putAll(o.properties());

        List<String> extra = new ArrayList<>();
        String fromFile = props.get(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA);
        if (fromFile != null && !fromFile.isBlank()) {
            extra.add(fromFile);
        }
        extra.addAll(o.systemPackagesExtra());
        if (extra.isEmpty()) {
            props.remove(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA);
        } else {
            props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", extra));
        }

        for (Map.Entry<String, String> e : props.entrySet()) {
            e.setValue(substitute(file, e.getKey(), e.getValue(), props, 0));
        }
        return props;
    }

    private static String substitute(Path file, String key, String value, Map<String, String> props, int depth)
            throws LaunchException {
        if (depth > 10) {
            throw new LaunchException(file + ": " + key + ": ${...} refers to itself");
        }
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = props.containsKey(name) ? props.get(name) : System.getProperty(name);
            if (v == null) {
                throw new LaunchException(file + ": " + key + ": ${" + name + "} is not defined");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(substitute(file, name, v, props, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static int intValue(Map<String, String> props, String key, int otherwise) throws LaunchException {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new LaunchException(FILE + ": " + key + " = " + v + ": not a whole number");
        }
    }
}
