package dev.doitlive.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The editor's files: the {@code .java} sources at the top of the watched folder, every file of its source folders
 * ({@code shapes/shapes/api/Shape.java}) and of the modules in dev mode ({@code dev:counter/src/main/java/...}), as
 * {@link EditableFiles} says. {@code GET /api/sources} lists them; {@code GET /api/source?file=Name.java} reads one;
 * {@code POST /api/source?file=Name.java} with the text as the body saves it the way an editor does, to a hidden temporary file then renamed over the source in one step: the
 * live-source path sees a whole file or none, and of two saves the later wins whole.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/sources",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/source",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=" + StageContext.SELECT})
public class SourceServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int MAX_BYTES = 1 << 20;

    private transient Path folder;
    private transient EditableFiles files;

    @Activate
    void activate(BundleContext context) {
        String watch = context.getProperty("doitlive.watch");
        folder = watch == null || watch.isBlank() ? null : Path.of(watch);
        files = folder == null ? null : new EditableFiles(folder, context.getProperty("doitlive.dev"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (folder == null) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "no watched folder: the framework property doitlive.watch is not set");
            return;
        }
        if ("/api/sources".equals(request.getServletPath())) {
            list(response);
            return;
        }
        Path file = file(request, response);
        if (file == null) {
            return;
        }
        String not = notOffered(file, Query.param(request, "file"));
        if (not != null) {
            refuse(response, not.endsWith("in " + folder) ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_BAD_REQUEST, not);
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, Query.param(request, "file") + ": no such source in " + folder);
            return;
        }
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(bytes);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (folder == null || !"/api/source".equals(request.getServletPath())) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "sources are saved by POST /api/source?file=Name.java");
            return;
        }
        Path file = file(request, response);
        if (file == null) {
            return;
        }
        String name = Query.param(request, "file");
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file)) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, notOffered(file, name));
            return;
        }
        if (!Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, name + ": not saved: its folder does not exist");
            return;
        }
        byte[] text;
        try (InputStream in = request.getInputStream()) {
            text = in.readNBytes(MAX_BYTES + 1);
        }
        if (text.length > MAX_BYTES) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, name + ": not saved: over "
                    + (MAX_BYTES >> 10) + " KiB");
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, name + ": not saved: the text is not UTF-8");
            return;
        }
        save(file, text);
        answer(response, true, "saved " + name + " (" + text.length + " bytes)");
    }

    /** Temp then rename, in the same folder: a hidden name that FileInstall and the live-source path skip. */
    private static void save(Path file, byte[] text) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temp, text);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void list(HttpServletResponse response) throws IOException {
        Json j = new Json().begin().array("sources");
        for (String name : files.list()) {
            Path p;
            try {
                p = files.resolve(name);
            } catch (IllegalArgumentException e) {
                continue; // a name the editor would refuse (a link on the way)
            }
            if (notOffered(p, name) != null) {
                continue;
            }
            try {
                j.begin().put("file", name).put("bytes", Files.size(p))
                        .put("modified", Files.getLastModifiedTime(p).toMillis()).end();
            } catch (NoSuchFileException gone) {
                // deleted while listed
            }
        }
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().print(j.endArray().end());
    }

    /**
     * Why the editor does not offer a file of a good name, or null: a folder, a link (it could lead out of the watched
     * folder), over {@value #MAX_BYTES} bytes, gone.
     */
    private String notOffered(Path file, String name) {
        try {
            if (Files.isSymbolicLink(file)) {
                return name + ": is a link; the editor opens only files of the watched folder itself";
            }
            if (Files.isDirectory(file)) {
                return name + ": is a folder, not a source";
            }
            if (!Files.isRegularFile(file)) {
                return name + ": no such source in " + folder;
            }
            if (Files.size(file) > MAX_BYTES) {
                return name + ": over " + (MAX_BYTES >> 10) + " KiB: too large for the editor";
            }
        } catch (IOException e) {
            return name + ": cannot be read: " + e.getMessage();
        }
        return null;
    }

    /** The file the request names, or null after answering why it names none. */
    private Path file(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            return files.resolve(Query.param(request, "file"));
        } catch (IllegalArgumentException e) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return null;
        }
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        answer(response, false, message);
    }

    private static void answer(HttpServletResponse response, boolean ok, String message) throws IOException {
        response.setContentType("application/json;charset=utf-8");
        response.getWriter().print(Json.answer(ok, message));
    }
}
