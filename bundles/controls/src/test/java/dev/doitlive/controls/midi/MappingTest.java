package dev.doitlive.controls.midi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The mapping files' syntax: {@code cc.16 = show.strobe 0..1}, {@code note.10.36 = show.flash hold}. */
class MappingTest {
    @Test
    void controlsWithAndWithoutAChannel() {
        assertEquals(new Control(false, 0, 16), Control.parse("cc.16"));
        assertEquals(new Control(false, 1, 16), Control.parse("cc.1.16"));
        assertEquals(new Control(true, 10, 36), Control.parse("note.10.36"));
        assertEquals("note.10.36", Control.parse("note.10.36").toString());
        assertTrue(Control.parse("cc.16").matches(false, 5, 16), "no channel: any");
        assertFalse(Control.parse("cc.1.16").matches(false, 2, 16));
        assertFalse(Control.parse("cc.16").matches(true, 1, 16), "a note is no control change");
    }

    @Test
    void controlsThatAreNone() {
        assertTrue(refused(() -> Control.parse("knob.16")).startsWith("it is no control: write cc.NUMBER"));
        assertEquals("the controller '120' is not 0 to 119 (120 to 127 are channel mode messages)",
                refused(() -> Control.parse("cc.120")));
        assertEquals("the channel '17' is not 1 to 16", refused(() -> Control.parse("cc.17.1")));
        assertEquals("the note 'x' is not 0 to 127", refused(() -> Control.parse("note.x")));
        assertTrue(refused(() -> Control.parse("cc.1.2.3")).startsWith("it is no control"));
    }

    @Test
    void targetsRangesAndHold() {
        Mapping m = Mapping.parse(Control.parse("cc.16"), " show.strobe  -1..0.5 ", "knobs.cfg");
        assertEquals("show", m.name());
        assertEquals("strobe", m.member());
        assertEquals(-1.0, m.lo());
        assertEquals(0.5, m.hi());
        assertEquals("cc.16 = show.strobe -1..0.5", m.line());
        Mapping dotted = Mapping.parse(Control.parse("note.36"), "show.left.flash hold", "learned");
        assertEquals("show.left", dotted.name(), "a refreshable's name may hold dots");
        assertTrue(dotted.hold());
        assertNull(dotted.lo());
        assertEquals("note.36 = show.left.flash hold", dotted.line());
        assertEquals("cc.1.7 = show.level 1..0", Mapping.parse(Control.parse("cc.1.7"), "show.level 1..0", "x").line(), "reversed");
    }

    @Test
    void valuesThatAreNone() {
        Control cc = Control.parse("cc.16");
        assertEquals("'show' is no target: write NAME.FIELD or NAME.METHOD (show.strobe)", refused(() -> Mapping.parse(cc, "show", "f")));
        assertEquals("'show.1x': '1x' is no field or method name", refused(() -> Mapping.parse(cc, "show.1x", "f")));
        assertEquals("hold is for notes (a boolean true while the key is down)", refused(() -> Mapping.parse(cc, "show.on hold", "f")));
        assertEquals("'0..loud' is no range: write LO..HI with two finite numbers (0..1, -1..1, 1..0)",
                refused(() -> Mapping.parse(cc, "show.level 0..loud", "f")));
        assertEquals("'fast' is no range LO..HI", refused(() -> Mapping.parse(cc, "show.level 0..1 fast", "f")));
        assertEquals("'fast' is neither a range LO..HI nor hold",
                refused(() -> Mapping.parse(Control.parse("note.36"), "show.level 0..1 fast", "f")));
        assertEquals("'0..2' is a second range: give one", refused(() -> Mapping.parse(cc, "show.level 0..1 0..2", "f")));
        assertTrue(refused(() -> Mapping.parse(cc, "  ", "f")).startsWith("it maps to nothing"));
    }

    @Test
    void rangesThatAreNone() {
        Control cc = Control.parse("cc.16");
        assertEquals("'5..5' is one value: the knob would always set 5 (a note may: it sets its range's top and bottom)",
                refused(() -> Mapping.parse(cc, "show.hue 5..5", "f")));
        assertEquals(5.0, Mapping.parse(Control.parse("note.36"), "show.hue 5..5", "f").hi(), "a pad that sets one value");
        assertEquals("live:learn show.strobe: '2..2' is one value: the knob would always set 2 (give LO..HI with LO and HI apart)",
                refused(() -> Mapping.learnRange("2..2", "live:learn show.strobe")));
        assertEquals(2.0, Mapping.learnRange("0..2", "live:learn show.strobe")[1]);
        assertTrue(refused(() -> Mapping.parse(cc, "show.hue -1e308..1e308", "f")).startsWith("'-1e308..1e308' is no range"),
                "a span beyond a double: its scaled values would be NaN");
        assertTrue(refused(() -> Mapping.parse(cc, "show.hue 0..1e999", "f")).startsWith("'0..1e999' is no range"));
        assertTrue(refused(() -> Mapping.parse(cc, "show.hue NaN..1", "f")).startsWith("'NaN..1' is no range"));
        assertTrue(refused(() -> Mapping.parse(cc, "show.hue 0..1..2", "f")).startsWith("'0..1..2' is no range"));
        assertEquals("'# the hue' is a comment after the mapping, and a .cfg file takes a comment only on a line of its own",
                refused(() -> Mapping.parse(cc, "show.hue 0..1 # the hue", "f")));
    }

    @Test
    void liveMidiListsControlsByNumber() {
        List<Mapping> maps = new ArrayList<>();
        for (String key : List.of("note.36", "cc.16", "cc.2", "cc.1.16", "note.5", "cc.0")) {
            maps.add(Mapping.parse(Control.parse(key), "show.hue", "f"));
        }
        maps.sort(MidiKit.BY_CONTROL);
        assertEquals(List.of("cc.0", "cc.2", "cc.16", "cc.1.16", "note.5", "note.36"),
                maps.stream().map(m -> m.control().toString()).toList());
    }

    @Test
    void aFileKeepsItsGoodLinesAndSaysTheOthers() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("service.pid", "dev.doitlive.midi.abc");
        props.put("service.factoryPid", "dev.doitlive.midi");
        props.put("felix.fileinstall.filename", "file:/tmp/load/dev.doitlive.midi-knobs.cfg");
        props.put("cc.16", "show.strobe 0..1");
        props.put("note.36", "show.flash");
        props.put("cc.300", "show.level");
        props.put("color", "red");
        props.put("cc.5", "show");
        props.put("cc.6", " ");
        List<String> problems = new ArrayList<>();
        List<Mapping> maps = MappingFile.parse(props, "load/dev.doitlive.midi-knobs.cfg", problems);
        assertEquals(List.of("cc.16 = show.strobe 0..1", "note.36 = show.flash"), maps.stream().map(Mapping::line).toList());
        assertEquals(List.of("cc.300 = show.level: the controller '300' is not 0 to 119 (120 to 127 are channel mode messages);"
                + " the line is ignored",
                "cc.5 = show: 'show' is no target: write NAME.FIELD or NAME.METHOD (show.strobe); the line is ignored",
                "cc.6 =: it maps to nothing: write NAME.FIELD (show.strobe), then a range LO..HI if you like; the line is ignored",
                "color = red: it is no control: write cc.NUMBER, cc.CHANNEL.NUMBER, note.NUMBER or note.CHANNEL.NUMBER (cc.16,"
                        + " cc.1.16, note.36); the line is ignored"), problems, "each names its line: the key, the value, the cause");
        assertTrue(problems.stream().allMatch(p -> p.endsWith("; the line is ignored")));
    }

    private static String refused(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void aKeyGivenTwiceIsSaidWithBothLines() {
        List<String> file = List.of("# knobs", "cc.16 = show.strobe 0..1", "cc.8 = show.speed \\", "  cc.16", "", "cc.16 = show.wave");
        assertEquals(List.of("cc.16 is given twice: line 2 (cc.16 = show.strobe 0..1) and line 6 (cc.16 = show.wave); the last is used"),
                MappingFile.keysGivenTwice(file), "a continued line is no key");
        assertEquals(List.of(), MappingFile.keysGivenTwice(List.of("cc.1 = a.b", "cc.2 = a.c")));
    }
}
