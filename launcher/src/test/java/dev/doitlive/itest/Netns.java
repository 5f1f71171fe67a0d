package dev.doitlive.itest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of the test's own, for what multicasts or broadcasts (sACN, Art-Net): loopback and one veth
 * pair, both ends inside, {@value #ADDRESS}/24 on {@code va}. Nothing in it reaches the host's network. Needs root and
 * iproute2's {@code ip}; {@link #assumeAvailable()} skips the test without them.
 */
final class Netns implements AutoCloseable {
    /** The namespace's address, on its interface {@value #INTERFACE}. */
    static final String ADDRESS = "10.200.1.1";
    static final String INTERFACE = "va";
    private static final AtomicInteger COUNT = new AtomicInteger();

    final String name;

    private Netns(String name) {
        this.name = name;
    }

    static void assumeAvailable() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (ip netns): skipped");
        assumeTrue(Programs.onPath("ip"), "needs iproute2's ip (ip netns): skipped");
    }

    static Netns create() {
        Netns n = new Netns("doitlive-px-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet());
        run("ip", "netns", "add", n.name);
        try {
            run("ip", "-n", n.name, "link", "set", "lo", "up");
            run("ip", "-n", n.name, "link", "add", INTERFACE, "type", "veth", "peer", "name", "vb");
            run("ip", "-n", n.name, "addr", "add", ADDRESS + "/24", "dev", INTERFACE);
            run("ip", "-n", n.name, "link", "set", INTERFACE, "up");
            run("ip", "-n", n.name, "link", "set", "vb", "up");
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** The words that run a command inside: {@code ip netns exec NAME}. */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside and returns its standard output. */
    String run(List<String> command) {
        List<String> all = new ArrayList<>(exec());
        all.addAll(command);
        return run(all.toArray(new String[0]));
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": did not end");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            run("ip", "netns", "del", name);
        } catch (IllegalStateException e) {
            System.err.println("netns " + name + " not deleted: " + e.getMessage());
        }
    }
}
