package test.api;

/** A varied interface to exercise the proxy: primitives, objects, void. */
public interface Echo {
    String echo(String s);

    int add(int a, int b);

    double mix(double t, double x);

    Object pick(int i);

    void poke();
}
