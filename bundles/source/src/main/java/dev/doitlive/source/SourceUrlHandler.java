package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.url.AbstractURLStreamHandlerService;
import org.osgi.service.url.URLConstants;
import org.osgi.service.url.URLStreamHandlerService;

/**
 * Opens {@code doitlive-source:file:/…/Name.java}, the location of a source's bundle, as that bundle built from
 * the file as it is now. So anything that re-reads a bundle from its location recompiles the source:
 * {@code live:refresh NAME}, or Felix's own {@code update ID}.
 */
@Component(service = URLStreamHandlerService.class,
        property = URLConstants.URL_HANDLER_PROTOCOL + "=" + SourceFile.SCHEME)
public class SourceUrlHandler extends AbstractURLStreamHandlerService {
    @Reference
    private SourceBuilder builder;

    @Override
    public URLConnection openConnection(URL url) {
        return new URLConnection(url) {
            @Override
            public void connect() {
                connected = true;
            }

            @Override
            public InputStream getInputStream() throws IOException {
                SourceFile source = null;
                try {
                    java.nio.file.Path path = SourceFile.fromLocation(url.toExternalForm());
                    SourceFolders trees = builder.folders;
                    if (trees != null && trees.knows(path)) {
                        try {
                            return new ByteArrayInputStream(trees.buildNow(path));
                        } catch (SourceProblem e) {
                            builder.report(path, e, "; the live version stays");
                            throw new IOException(e.oneLine());
                        }
                    }
                    source = SourceFile.read(path);
                    return new ByteArrayInputStream(builder.build(source).bytes());
                } catch (SourceProblem e) {
                    builder.report(source, e, "; the live version stays");
                    throw new IOException(e.oneLine());
                } catch (IllegalArgumentException e) {
                    throw new IOException("not a source location: " + url);
                }
            }
        };
    }
}
