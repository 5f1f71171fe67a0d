package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import test.api.Counter;

/**
 * The web page's editor on a source folder (issue 15): it lists, opens and saves any file of the folder, by its path
 * in the watched folder, and goes nowhere else (no .., nothing hidden, no link on the way, no file of a folder that
 * is not a source folder).
 */
class FolderEditorTest extends LiveTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String token;

    @Override
    boolean web() {
        return true;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path + (path.contains("?") ? "&" : "?") + "token=" + token))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> save(String file, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/source?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8)
                + "&token=" + token)).POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void refused(HttpResponse<String> r, String part) {
        assertTrue(r.statusCode() >= 400 && r.body().contains(part), r.statusCode() + " " + r.body());
    }

    @Test
    void anyFileOfASourceFolderOpensAndSavesAndNothingOutsideIt() throws Exception {
        String address = fw.webAddress();
        base = address.substring(0, address.indexOf("/?"));
        token = address.substring(address.indexOf("token=") + 6);
        fw.dropFolder("counting", SourceFolderTest.counterFolder("v1", 1));
        Counter c = fw.awaitService(Counter.class, "(doitlive.name=folder)", WAIT);
        RefreshTest.awaitDescribe(c, "v1 by 1");
        c.next();

        String listed = get("/api/sources").body();
        assertTrue(listed.contains("\"file\":\"counting/t/fold/Steps.java\"") && listed.contains("\"file\":\"counting/t/fold/label.txt\""),
                listed);
        assertEquals(SourceFolderTest.steps(1), get("/api/source?file=counting/t/fold/Steps.java").body());
        assertEquals("v1\n", get("/api/source?file=counting/t/fold/label.txt").body(), "a resource opens too");

        HttpResponse<String> saved = save("counting/t/fold/Steps.java", SourceFolderTest.steps(7));
        assertEquals(200, saved.statusCode(), saved.body());
        assertTrue(saved.body().contains("saved counting/t/fold/Steps.java"), saved.body());
        RefreshTest.awaitDescribe(c, "v1 by 7");
        assertEquals(8, c.next(), "the helper's edit from the page is live, state kept");
        try (var files = Files.list(fw.watched().resolve("counting/t/fold"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary file left behind");
        }

        refused(save("counting/../Evil.java", "x"), "give a source's name");
        refused(save("counting/.hidden/X.java", "x"), "give a source's name");
        refused(save("counting/t/fold/class.java", "x"), "give a source's name");
        refused(save("nowhere/X.java", "x"), "nowhere: no such source folder");
        refused(save("dev:counter/src/main/java/X.java", "x"), "not a file of a module in dev mode");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("Secret.java"), "secret");
        Files.createSymbolicLink(fw.watched().resolve("counting/t/link"), outside);
        refused(get("/api/source?file=counting/t/link/Secret.java"), "is a link");
        refused(save("counting/t/link/Secret.java", "x"), "is a link");
        assertEquals("secret", Files.readString(outside.resolve("Secret.java")), "nothing written through the link");
        assertFalse(get("/api/sources").body().contains("Secret.java"), "a link's files are not listed");
        Files.write(fw.watched().resolve("counting/t/fold/huge.txt"), new byte[(1 << 20) + 1]);
        refused(get("/api/source?file=counting/t/fold/huge.txt"), "too large for the editor");
    }
}
