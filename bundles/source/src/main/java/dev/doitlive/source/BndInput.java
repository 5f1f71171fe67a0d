package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import aQute.bnd.classfile.Attribute;
import aQute.bnd.classfile.ClassFile;
import aQute.bnd.classfile.ConstantPool;
import aQute.bnd.classfile.MemberInfo;

/**
 * What bnd reads to make a source's bundle, less what a method body holds beyond the types it names: the classes'
 * names, versions, supertypes and members with all their attributes but the code (annotations, with their values,
 * are attributes), the packages any constant of the classes names, and what the classes were compiled against (each
 * exporter's bundle as updated last, and the classes read from it). bnd's manifest and component descriptions come from
 * these alone: two builds with equal inputs give bundles that differ in their class files and the source's digest, and
 * nothing else. A livecoding edit (a number, a string, an expression in a method) keeps the input; a new field, method,
 * annotation or imported type changes it.
 */
record BndInput(String text) {
    /** Class attributes that are a method body's, not bnd's: the debug source name, lambdas' and concatenations' bootstraps. */
    private static final Set<String> BODY_ATTRIBUTES = Set.of("SourceFile", "SourceDebugExtension", "BootstrapMethods");
    /** A type named in a descriptor or signature: {@code Lpkg/Name;} or {@code Lpkg/Name<}. */
    private static final Pattern TYPE = Pattern.compile("L([^;<>\\[()]+)[;<]");

    /**
     * The input, or null when bnd may read more than this.
     *
     * @param head what else bnd is given: the symbolic name, headers, resources (their digests)
     * @return null when an annotation value holds a bnd macro ({@code ${...}}), which bnd expands anew at each
     *         build
     */
    static BndInput of(String head, Map<String, byte[]> classes,
            Map<ExportedClasses.Exporter, Map<String, URL>> compiledAgainst) {
        StringBuilder s = new StringBuilder().append(head).append('\n');
        for (Map.Entry<String, byte[]> c : new TreeMap<>(classes).entrySet()) {
            ClassFile cf;
            try {
                cf = ClassFile.parseClassFile(new DataInputStream(new ByteArrayInputStream(c.getValue())));
            } catch (IOException e) {
                return null; // javac's class files parse; whatever does not goes through bnd whole
            }
            shape(s, cf);
            // per class: an exported package's uses come from its own classes' references
            Set<String> packages = new TreeSet<>();
            namedPackages(cf.constant_pool, packages);
            s.append(" packages ").append(packages).append('\n');
        }
        compiledAgainst.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getKey().bundle().getBundleId()))
                .forEach(e -> s.append("against ").append(e.getKey().bundle().getBundleId()).append(' ')
                        .append(e.getKey().bundle().getLastModified()).append(' ')
                        .append(new TreeSet<>(e.getValue().keySet())).append('\n'));
        String text = s.toString();
        return text.contains("${") ? null : new BndInput(text);
    }

    private static void shape(StringBuilder s, ClassFile c) {
        s.append("class ").append(c.this_class).append(' ').append(c.major_version).append('.').append(c.minor_version)
                .append(' ').append(c.access).append(" : ").append(c.super_class).append(' ')
                .append(Arrays.toString(c.interfaces)).append('\n');
        for (Attribute a : c.attributes) {
            if (!BODY_ATTRIBUTES.contains(a.name())) {
                s.append(' ').append(a).append('\n');
            }
        }
        for (MemberInfo f : c.fields) {
            member(s, "field ", f);
        }
        for (MemberInfo m : c.methods) {
            member(s, "method ", m);
        }
    }

    private static void member(StringBuilder s, String kind, MemberInfo m) {
        s.append(kind).append(m.access).append(' ').append(m.name).append(' ').append(m.descriptor);
        for (Attribute a : m.attributes) {
            if (!"Code".equals(a.name())) {
                s.append(' ').append(a);
            }
        }
        s.append('\n');
    }

    /**
     * Adds the package of every type the constant pool names: as a class constant, or in a descriptor or signature.
     * Every text is read, string literals too: one that looks like a descriptor only makes the input stricter.
     */
    private static void namedPackages(ConstantPool pool, Set<String> packages) {
        for (int i = 1; i < pool.size(); i++) {
            if (pool.entry(i) == null) {
                continue; // the second slot of a long or double
            }
            int tag = pool.tag(i);
            if (tag == ConstantPool.CONSTANT_Class) {
                String name = pool.className(i);
                Matcher m = TYPE.matcher(name);
                if (name.startsWith("[")) {
                    while (m.find()) {
                        packages.add(packageOf(m.group(1)));
                    }
                } else {
                    packages.add(packageOf(name));
                }
            } else if (tag == ConstantPool.CONSTANT_Utf8) {
                Matcher m = TYPE.matcher(pool.utf8(i));
                while (m.find()) {
                    packages.add(packageOf(m.group(1)));
                }
            }
        }
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }
}
