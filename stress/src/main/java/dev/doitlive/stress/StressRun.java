package dev.doitlive.stress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs jcstress and fails (exit status 1) when a test failed, erred or none ran: jcstress itself reports them in
 * its output and exits 0, which would let a broken gate through the build.
 */
public final class StressRun {
    private StressRun() {
    }

    public static void main(String[] args) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(new Tee(console, seen), true, StandardCharsets.UTF_8));
        org.openjdk.jcstress.Main.main(args);
        System.out.flush();
        System.setOut(console);
        String out = seen.toString(StandardCharsets.UTF_8);
        if (!out.contains("Failed tests: No matches.") || !out.contains("Error tests: No matches.")) {
            console.println("stress: a gate stress test failed or erred (above; the report is in stress/target/results)");
            System.exit(1);
        }
        if (!out.contains("All remaining tests:")) {
            console.println("stress: no stress test ran");
            System.exit(1);
        }
        System.exit(0); // jcstress leaves non-daemon threads behind
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}
