package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sACN (unicast and multicast) and Art-Net into a real olad, with the exact DMX values of a known frame. Both need an
 * interface (olad's E1.31 and Art-Net plugins refuse loopback alone) and Art-Net broadcasts, so they run in a network
 * namespace of the test's own: olad in it, and the runtime too, as the packaged {@code doitlive.jar} started with
 * {@code ip netns exec} (a framework in the test's JVM would send from the host's namespace). Its watched folder gets
 * the painter step ({@link PixelsTest#painter()}) and three {@code .cfg} files, as a user's would.
 */
class PixelsNetnsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** The painter's channels from pixel {@code first}, in the order given, at a brightness (gamma 1). */
    private static int[] shaped(int first, int count, String order, double brightness) {
        int[] rgb = PixelsTest.channels(first, count);
        int[] out = new int[rgb.length];
        for (int p = 0; p < count; p++) {
            for (int c = 0; c < 3; c++) {
                int v = rgb[3 * p + "RGB".indexOf(order.charAt(c))];
                out[3 * p + c] = (int) Math.round(255 * brightness * (v / 255.0));
            }
        }
        return out;
    }

    @Test
    void olaInANamespaceGetsTheExactFrameOverSacnUnicastAndMulticastAndArtNet() throws Exception {
        Netns.assumeAvailable();
        Olad.assumeAvailable();
        assumeTrue(Files.isRegularFile(RuntimeProcess.JAR), "needs the packaged " + RuntimeProcess.JAR + " (mvn package): skipped");
        Path load = Files.createDirectories(dir.resolve("load"));
        Files.write(load.resolve("painter.jar"), TestBundles.bundle("t.painter", "1.0.0", PixelsTest.painter()));
        Files.writeString(load.resolve("dev.doitlive.output-unicast.cfg"), """
                protocol = sacn
                host = 127.0.0.1
                universe = 1
                pixels = 200
                """);
        Files.writeString(load.resolve("dev.doitlive.output-multicast.cfg"), """
                # no host: multicast to 239.255.0.3, out of the namespace's interface
                protocol = sacn
                universe = 3
                interface = %s
                pixels = 100
                first = 50
                order = BGR
                brightness = 0.5
                """.formatted(Netns.INTERFACE));
        Files.writeString(load.resolve("dev.doitlive.output-artnet.cfg"), """
                protocol = artnet
                host = 127.0.0.1
                universe = 4
                pixels = 170
                """);
        try (Netns ns = Netns.create();
                Olad olad = Olad.start(ns,
                        Map.of("e131", "ip = " + Netns.ADDRESS + "\ninput_ports = 3\noutput_ports = 0",
                                "artnet", "ip = " + Netns.ADDRESS + "\noutput_ports = 0"),
                        // E1.31 ports 0-2 to universes 1-3 (an E1.31 port takes the sACN universe of its OLA universe);
                        // Art-Net port 0 to universe 4: port-address 4 (net 0, sub-net 0).
                        List.of("11-1-I-0 = 1", "11-1-I-1 = 2", "11-1-I-2 = 3", "2-1-I-0 = 4"), 9090, 9010, 1, 2, 3, 4);
                RuntimeProcess p = RuntimeProcess.start(ns.exec(), dir, RuntimeProcess.CONFIG, WAIT, "--storage", "storage", "--watch",
                        "load")) {
            olad.awaitDmx(1, PixelsTest.channels(0, 170), WAIT);
            olad.awaitDmx(2, PixelsTest.channels(170, 30), WAIT);
            olad.awaitDmx(3, shaped(50, 100, "BGR", 0.5), WAIT);
            olad.awaitDmx(4, PixelsTest.channels(0, 170), WAIT);
            String table = p.run("live:outputs", WAIT);
            for (String row : List.of("artnet +artnet +127\\.0\\.0\\.1:6454 +universe 4 +170 ",
                    "multicast +sacn +239\\.255\\.0\\.3:5568 \\(multicast on va\\) +universe 3 +100 ",
                    "unicast +sacn +127\\.0\\.0\\.1:5568 +universes 1-2 +200 ")) {
                assertTrue(table.lines().anyMatch(l -> l.matches(row + "+[1-9]\\d* .* -$")), row + " sending, no error:\n" + table);
            }
            assertFalse(p.stderrHas("frames are dropped"), p.stderrText());
            assertEquals(0, p.exit(WAIT));
        }
    }
}
