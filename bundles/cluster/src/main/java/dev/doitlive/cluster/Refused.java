package dev.doitlive.cluster;

/**
 * This node could not join the stage, for a reason the user can act on (its secret, its name taken, its port in use):
 * the message is the whole line to say, in our words; the node runs alone, off the stage.
 */
final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param line what live:cluster shows after "off: ", and the console after "cluster: " */
    Refused(String line) {
        super(line, null, false, false);
    }
}
