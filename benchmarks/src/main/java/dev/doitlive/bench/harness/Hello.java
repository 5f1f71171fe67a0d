package dev.doitlive.bench.harness;

/** Anchor of start to ready: a JVM that starts and answers at once. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("ready");
    }
}
