package dev.doitlive.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The small conversions behind the tables' cells. */
class ViewsTest {
    @Test
    void fileNameIsTheLastPartOfTheBundleLocation() {
        assertEquals("counter-1.0.2.jar", Views.fileName("file:/srv/live/counter-1.0.2.jar"));
        assertEquals("leds.jar", Views.fileName("reference:file:/srv/live/leds.jar"));
        assertEquals("leds.jar", Views.fileName("C:\\live\\leds.jar"));
        assertEquals("inputstream:", Views.fileName("inputstream:"));
        assertEquals("file:/srv/exploded/", Views.fileName("file:/srv/exploded/"));
        assertNull(Views.fileName(null));
    }

    @Test
    void sizeIsReadableWithOneDecimal() {
        assertEquals("0 B", Views.size(0));
        assertEquals("1023 B", Views.size(1023));
        assertEquals("1.0 KiB", Views.size(1024));
        assertEquals("1.5 MiB", Views.size(1024 * 1024 * 3 / 2));
        assertNull(Views.size(-1));
    }

    @Test
    void checksumShowsTwelveHexChars() {
        assertEquals("3f2a9c81d0e4", Views.checksum("3f2a9c81d0e4aa00bb11cc22dd33ee44ff5566778899aabbccddeeff00112233"));
        assertEquals("abc", Views.checksum("abc"));
        assertNull(Views.checksum(""));
    }

    @Test
    void timeIsLocalToTheGivenZoneAndUnknownWhenZero() {
        Views views = new Views(ZoneId.of("Europe/Berlin"), null);

        assertEquals("2026-11-24 11:03:12", views.time(java.time.Instant.parse("2026-11-24T10:03:12Z").toEpochMilli()));
        assertNull(views.time(0));
    }
}
