package dev.doitlive.cluster;

/**
 * What a refreshable's bundle location says of its file: {@code file:/srv/load/show.jar} is the jar {@code show.jar};
 * the live-source bundle's {@code doitlive-source:file:/srv/load/Show.java} a source, {@code .../show/} a source folder.
 */
record Location(String file, boolean source) {
    private static final String SOURCE = "doitlive-source:";

    /** Null for no location (or none with a file part). */
    static Location of(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String l = location.endsWith("/") || location.endsWith("\\") ? location.substring(0, location.length() - 1) : location;
        int cut = Math.max(l.lastIndexOf('/'), l.lastIndexOf('\\'));
        String tail = l.substring(cut + 1);
        if (tail.isEmpty() || tail.contains(":")) {
            return null;
        }
        boolean folder = l.length() != location.length();
        return new Location(tail + (folder ? "/" : ""), location.startsWith(SOURCE) || tail.endsWith(".java"));
    }
}
