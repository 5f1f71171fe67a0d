package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import aQute.bnd.classfile.Attribute;
import aQute.bnd.classfile.ClassFile;
import aQute.bnd.classfile.InnerClassesAttribute;
import aQute.bnd.classfile.MemberInfo;

/**
 * A class as the classes compiled against it see it, read from its class file: its name, access, supertypes, generic
 * signature, annotations and member classes, and every field and method that is not private, with its signature,
 * thrown exceptions, constant value, annotation default and annotations. Method bodies, private members (lambdas'
 * bodies among them) and the debug attributes are not part of it. When a saved file's classes keep theirs, javac would
 * compile the other files of the tree to the same bytes: it inlines only constant values, and resolves calls, overrides
 * and bridges from what is listed here. Member order counts too (a subclass's bridges are found walking its
 * supertypes' members): a moved method is a change, which costs only a full compile.
 */
record Abi(String text, boolean seenByOthers) {
    /** A class's attributes that its users' compile reads. */
    private static final Set<String> CLASS_ATTRIBUTES = Set.of("Signature", "RuntimeVisibleAnnotations",
            "RuntimeInvisibleAnnotations", "PermittedSubclasses", "Record", "Deprecated");
    /** A field's or method's attributes that its users' compile reads. */
    private static final Set<String> MEMBER_ATTRIBUTES = Set.of("ConstantValue", "Signature", "Exceptions",
            "AnnotationDefault", "RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations",
            "RuntimeVisibleParameterAnnotations", "RuntimeInvisibleParameterAnnotations", "Deprecated");

    /** Reads a class file javac wrote. */
    static Abi of(byte[] classFile) {
        ClassFile c;
        try {
            c = ClassFile.parseClassFile(new DataInputStream(new ByteArrayInputStream(classFile)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a class file javac wrote: " + e.getMessage(), e);
        }
        StringBuilder s = new StringBuilder().append(c.access).append(' ').append(c.this_class).append(" : ")
                .append(c.super_class).append(' ').append(Arrays.toString(c.interfaces)).append('\n');
        boolean seen = true;
        for (Attribute a : c.attributes) {
            if (a instanceof InnerClassesAttribute inner) {
                for (InnerClassesAttribute.InnerClass i : inner.classes) {
                    if (i.inner_class.equals(c.this_class)) {
                        // Anonymous, local and private classes: no other file can name them.
                        seen = i.outer_class != null && i.inner_name != null && (i.inner_access & Modifier.PRIVATE) == 0;
                        s.append("in ").append(i.outer_class).append(' ').append(i.inner_access).append('\n');
                    } else if (c.this_class.equals(i.outer_class) && (i.inner_access & Modifier.PRIVATE) == 0) {
                        s.append("member ").append(i.inner_class).append(' ').append(i.inner_access).append('\n');
                    }
                }
            } else if (CLASS_ATTRIBUTES.contains(a.name())) {
                s.append(a).append('\n');
            }
        }
        for (MemberInfo f : c.fields) {
            member(s, "field ", f);
        }
        for (MemberInfo m : c.methods) {
            member(s, "method ", m);
        }
        return new Abi(s.toString(), seen);
    }

    private static void member(StringBuilder s, String kind, MemberInfo m) {
        if ((m.access & Modifier.PRIVATE) != 0) {
            return;
        }
        s.append(kind).append(m.access).append(' ').append(m.name).append(' ').append(m.descriptor);
        for (Attribute a : m.attributes) {
            if (MEMBER_ATTRIBUTES.contains(a.name())) {
                s.append(' ').append(a);
            }
        }
        s.append('\n');
    }

    /** Class name -> its Abi, for the classes other files can name. */
    static Map<String, Abi> ofSeen(Map<String, byte[]> classes) {
        Map<String, Abi> m = new HashMap<>();
        classes.forEach((name, bytes) -> {
            Abi a = of(bytes);
            if (a.seenByOthers) {
                m.put(name, a);
            }
        });
        return m;
    }
}
