package dev.doitlive.controls.midi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import dev.doitlive.controls.ConfigFiles;
import dev.doitlive.controls.KitLines;

/**
 * One mapping file: a factory configuration of {@value #FACTORY_PID}, a {@code dev.doitlive.midi-NAME.cfg} in the
 * watched folder whose lines map controls to targets ({@code cc.16 = show.strobe 0..1}). A line that is none is said
 * with the file's name, the line and the cause; the file's other lines still map. An edit is taken in place (the
 * component stays, so the kit never sees the file go); the {@link MidiKit} reads every file's mappings at each message.
 */
@Component(service = MappingFile.class, configurationPid = MappingFile.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class MappingFile {
    static final String FACTORY_PID = "dev.doitlive.midi";
    /** Keys the framework, Declarative Services and FileInstall put in every configuration: no mappings. */
    private static final List<String> NOT_OURS = List.of("service.", "component.", "felix.", "osgi.", "objectClass");

    @Reference
    private KitLines lines;

    private volatile String file;
    /** FileInstall's URL of the file, or null. */
    private volatile Object fileName;
    /** Replaced whole by an edit; read by every message. */
    private volatile List<Mapping> mappings = List.of();

    @Activate
    void activate(Map<String, Object> props) {
        read(props, "");
    }

    @Modified
    void modified(Map<String, Object> props) {
        read(props, "changed: ");
    }

    private void read(Map<String, Object> props, String what) {
        Object name = props.get("felix.fileinstall.filename");
        fileName = name;
        file = name == null ? "configuration " + props.get("service.pid") : ConfigFiles.nameOf(name.toString());
        List<String> problems = new ArrayList<>();
        mappings = parse(props, file, problems);
        problems.forEach(p -> lines.problem("midi", "midi: " + file + ": " + p));
        twice(name).forEach(p -> lines.problem("midi", "midi: " + file + ": " + p));
        lines.say("midi: " + file + ": " + what + mappings.size() + " mapping" + (mappings.size() == 1 ? "" : "s")
                + (problems.isEmpty() ? "" : " (" + problems.size() + " line" + (problems.size() == 1 ? "" : "s") + " refused)")
                + "; live:midi lists them");
    }

    @Deactivate
    void deactivate(int reason) {
        // SCR 2.2 gives no reason (0) when a factory configuration is deleted, nor for some at the runtime's stop.
        if ((reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED
                || reason == ComponentConstants.DEACTIVATION_REASON_UNSPECIFIED) && ConfigFiles.gone(fileName)) {
            lines.say("midi: " + file + " is gone, and its " + mappings.size() + " mapping" + (mappings.size() == 1 ? "" : "s"));
        }
    }

    /**
     * The file's mappings; a refused line is a problem naming the line ({@code cc.5 = show: ...}), the others stay.
     */
    static List<Mapping> parse(Map<String, ?> props, String file, List<String> problems) {
        List<Mapping> out = new ArrayList<>();
        for (Map.Entry<String, ?> e : new TreeMap<>(props).entrySet()) {
            String key = e.getKey();
            if (NOT_OURS.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String value = String.valueOf(e.getValue()).trim();
            try {
                out.add(Mapping.parse(Control.parse(key), value, file));
            } catch (IllegalArgumentException x) {
                problems.add(key + (value.isEmpty() ? " =" : " = " + value) + ": " + x.getMessage() + "; the line is ignored");
            }
        }
        return List.copyOf(out);
    }

    /** The keys the file gives twice: ConfigAdmin gets the last of each alone, so the file itself is read for them. */
    private static List<String> twice(Object fileName) {
        if (fileName == null) {
            return List.of();
        }
        try {
            return keysGivenTwice(java.nio.file.Files.readAllLines(java.nio.file.Path.of(ConfigFiles.pathOf(fileName.toString()))));
        } catch (java.io.IOException | RuntimeException e) {
            return List.of(); // gone again, or unreadable: FileInstall says so
        }
    }

    /**
     * One line per key given twice in a file's lines ({@code cc.16 is given twice: line 3 (cc.16 = show.strobe 0..1) and
     * line 5 (cc.16 = show.wave); the last is used}); comments, blank lines and continued lines are skipped.
     */
    static List<String> keysGivenTwice(List<String> text) {
        Map<String, Integer> first = new java.util.HashMap<>();
        List<String> out = new ArrayList<>();
        boolean continued = false;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            boolean wasContinued = continued;
            continued = line.endsWith("\\") && (line.length() - line.replaceAll("\\\\+$", "").length()) % 2 == 1;
            if (wasContinued || line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            String key = (at < 0 ? line : line.substring(0, at)).strip();
            Integer before = first.putIfAbsent(key, i);
            if (before != null) {
                out.add(key + " is given twice: line " + (before + 1) + " (" + text.get(before).strip() + ") and line " + (i + 1)
                        + " (" + line + "); the last is used");
                first.put(key, i);
            }
        }
        return out;
    }

    String file() {
        return file;
    }

    List<Mapping> mappings() {
        return mappings;
    }
}
