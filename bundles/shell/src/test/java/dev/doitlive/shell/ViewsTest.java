package dev.doitlive.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LoopDTO;

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
    void aRateIsShortEvenWhenTheBeatWorksItOut() {
        assertEquals("7.3333 Hz", Views.targetRate(4 * 110 / 60.0)); // 4 per beat at 110 bpm: 7.333333333333332
        assertEquals("59.94 Hz", Views.targetRate(59.94));
        assertEquals("10000 Hz", Views.targetRate(10000));
        assertEquals("0.0001 Hz", Views.targetRate(0.0001));
        assertEquals("free", Views.targetRate(0));
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

    @Test
    void durationPicksMicroMilliOrSecondsWithOneDecimalBelowAHundred() {
        assertEquals("0.0 µs", Views.duration(0));
        assertEquals("0.4 µs", Views.duration(400));
        assertEquals("12.3 µs", Views.duration(12_345));
        assertEquals("850 µs", Views.duration(850_000));
        assertEquals("999 µs", Views.duration(999_400));
        assertEquals("1.0 ms", Views.duration(999_600));
        assertEquals("16.7 ms", Views.duration(16_700_000));
        assertEquals("100 ms", Views.duration(99_960_000));
        assertEquals("1.0 s", Views.duration(999_999_999));
        assertEquals("3.2 s", Views.duration(3_210_000_000L));
        assertEquals("3600 s", Views.duration(3_600_000_000_000L));
        assertNull(Views.duration(-1));
    }

    @Test
    void ratesReadAsWrittenAndZeroIsFree() {
        assertEquals("free", Views.targetRate(0));
        assertEquals("60 Hz", Views.targetRate(60));
        assertEquals("59.94 Hz", Views.targetRate(59.94));
        assertEquals("0.5 Hz", Views.targetRate(0.5));
        assertEquals("10000 Hz", Views.targetRate(10_000));
        assertEquals("59.9 Hz", Views.measuredRate(59.94));
        assertEquals("0.0 Hz", Views.measuredRate(0));
        assertNull(Views.measuredRate(Double.NaN));
    }

    @Test
    void loopStatesAreLowerCaseWords() {
        assertEquals("not started", Views.state(LoopDTO.State.NOT_STARTED));
        assertEquals("running", Views.state(LoopDTO.State.RUNNING));
        assertEquals("paused", Views.state(LoopDTO.State.PAUSED));
        assertEquals("waiting", Views.state(LoopDTO.State.WAITING));
        assertNull(Views.state(null));
    }
}
