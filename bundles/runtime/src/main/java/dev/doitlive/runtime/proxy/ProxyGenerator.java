package dev.doitlive.runtime.proxy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import static org.objectweb.asm.Opcodes.*;

/**
 * Generates a {@link RefreshableProxy} subclass implementing a set of service interfaces. Each interface
 * method becomes a plain delegate: no reflection, no boxing, no allocation on the call path.
 *
 * <pre>
 * R m(A a) {
 *   int attempt = 0;
 *   for (;;) {
 *     Slot g = doitlive$enter();
 *     Object t = invokedynamic target(this);   // TargetSite: the live target, a constant to the JIT
 *     R r;
 *     try { r = ((I) t).m(a); }
 *     catch (Throwable e) {
 *       doitlive$exit(g);
 *       if (doitlive$failed(e, t, "m", attempt++) == RETRY) continue;   // or it throws
 *       return DEFAULT;
 *     }
 *     doitlive$exit(g);
 *     return r;
 *   }
 * }
 * </pre>
 */
public final class ProxyGenerator {
    private static final String BASE = Type.getInternalName(RefreshableProxy.class);
    private static final String LINK_DESC = Type.getDescriptor(RefreshableProxy.Link.class);
    private static final String SLOT_DESC = Type.getDescriptor(RefreshableProxy.Slot.class);
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String TARGET_DESC = TargetSite.TYPE.toMethodDescriptorString();
    private static final Handle TARGET_SITE = new Handle(H_INVOKESTATIC, BASE, "doitlive$bootstrap",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false);

    private ProxyGenerator() {
    }

    /**
     * Defines the proxy class for the interfaces and returns its constructor's owner class.
     *
     * @throws IllegalArgumentException if a type is not a public interface
     */
    public static Class<? extends RefreshableProxy> define(List<Class<?>> interfaces) {
        for (Class<?> i : interfaces) {
            if (!i.isInterface()) {
                throw new IllegalArgumentException(i.getName() + " is a class; a refreshable's service type must be an interface");
            }
            if (!Modifier.isPublic(i.getModifiers())) {
                throw new IllegalArgumentException("interface " + i.getName() + " is not public");
            }
        }
        String name = "dev/doitlive/generated/Proxy" + COUNTER.incrementAndGet() + "$" + interfaces.get(0).getSimpleName();
        byte[] bytes = generate(name, interfaces);
        ProxyClassLoader loader = new ProxyClassLoader(interfaces);
        return loader.define(name.replace('/', '.'), bytes).asSubclass(RefreshableProxy.class);
    }

    /** Creates an instance of a proxy class. */
    public static RefreshableProxy instantiate(Class<? extends RefreshableProxy> type, RefreshableProxy.Link link) {
        try {
            return type.getConstructor(RefreshableProxy.Link.class).newInstance(link);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate proxy " + type.getName(), e);
        }
    }

    static byte[] generate(String internalName, List<Class<?>> interfaces) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                // Frames only ever merge our own locals (Object, Throwable): no class loading needed.
                return "java/lang/Object";
            }
        };
        String[] names = interfaces.stream().map(Type::getInternalName).toArray(String[]::new);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, internalName, null, BASE, names);

        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "(" + LINK_DESC + ")V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitVarInsn(ALOAD, 1);
        init.visitMethodInsn(INVOKESPECIAL, BASE, "<init>", "(" + LINK_DESC + ")V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        for (Map.Entry<String, Method> e : methods(interfaces).entrySet()) {
            delegate(cw, e.getValue());
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Every abstract or default instance method of the interfaces, once per name and descriptor. */
    static Map<String, Method> methods(List<Class<?>> interfaces) {
        Map<String, Method> methods = new LinkedHashMap<>();
        List<Class<?>> queue = new ArrayList<>(interfaces);
        for (int i = 0; i < queue.size(); i++) {
            Class<?> type = queue.get(i);
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || isObjectMethod(m)) {
                    continue;
                }
                methods.putIfAbsent(m.getName() + Type.getMethodDescriptor(m), m);
            }
        }
        return methods;
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static void delegate(ClassWriter cw, Method m) {
        String desc = Type.getMethodDescriptor(m);
        Type[] args = Type.getArgumentTypes(desc);
        Type ret = Type.getReturnType(desc);
        String owner = Type.getInternalName(m.getDeclaringClass());
        String[] exceptions = null;
        if (m.getExceptionTypes().length > 0) {
            exceptions = new String[m.getExceptionTypes().length];
            for (int i = 0; i < exceptions.length; i++) {
                exceptions[i] = Type.getInternalName(m.getExceptionTypes()[i]);
            }
        }
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, m.getName(), desc, null, exceptions);
        mv.visitCode();

        int slot = 1;
        for (Type a : args) {
            slot += a.getSize();
        }
        int attempt = slot++;
        int gate = slot++;
        int target = slot++;
        int failure = slot++;
        int result = slot;

        Label loop = new Label();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");

        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, attempt);
        mv.visitLabel(loop);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, BASE, "doitlive$enter", "()" + SLOT_DESC, false);
        mv.visitVarInsn(ASTORE, gate);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitInvokeDynamicInsn("target", TARGET_DESC, TARGET_SITE);
        mv.visitVarInsn(ASTORE, target);

        mv.visitLabel(tryStart);
        mv.visitVarInsn(ALOAD, target);
        mv.visitTypeInsn(CHECKCAST, owner);
        int s = 1;
        for (Type a : args) {
            mv.visitVarInsn(a.getOpcode(ILOAD), s);
            s += a.getSize();
        }
        mv.visitMethodInsn(INVOKEINTERFACE, owner, m.getName(), desc, true);
        if (ret.getSort() != Type.VOID) {
            mv.visitVarInsn(ret.getOpcode(ISTORE), result);
        }
        mv.visitLabel(tryEnd);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, gate);
        mv.visitMethodInsn(INVOKEVIRTUAL, BASE, "doitlive$exit", "(" + SLOT_DESC + ")V", false);
        if (ret.getSort() != Type.VOID) {
            mv.visitVarInsn(ret.getOpcode(ILOAD), result);
        }
        mv.visitInsn(ret.getOpcode(IRETURN));

        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, failure);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, gate);
        mv.visitMethodInsn(INVOKEVIRTUAL, BASE, "doitlive$exit", "(" + SLOT_DESC + ")V", false);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, failure);
        mv.visitVarInsn(ALOAD, target);
        mv.visitLdcInsn(m.getName());
        mv.visitVarInsn(ILOAD, attempt);
        mv.visitIincInsn(attempt, 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, BASE, "doitlive$failed", "(Ljava/lang/Throwable;Ljava/lang/Object;Ljava/lang/String;I)I", false);
        mv.visitJumpInsn(IFEQ, loop); // FailureHandler.RETRY == 0
        pushDefault(mv, ret);
        mv.visitInsn(ret.getOpcode(IRETURN));

        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void pushDefault(MethodVisitor mv, Type t) {
        switch (t.getSort()) {
            case Type.VOID:
                return;
            case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT:
                mv.visitInsn(ICONST_0);
                return;
            case Type.LONG:
                mv.visitInsn(LCONST_0);
                return;
            case Type.FLOAT:
                mv.visitInsn(FCONST_0);
                return;
            case Type.DOUBLE:
                mv.visitInsn(DCONST_0);
                return;
            default:
                mv.visitInsn(ACONST_NULL);
        }
    }

    /**
     * Sees the service interfaces (through their own loaders) and this bundle's proxy base class; nothing else.
     * One loader per proxy class, so that a proxy class goes away with its refreshable.
     */
    static final class ProxyClassLoader extends ClassLoader {
        private final List<Class<?>> interfaces;

        ProxyClassLoader(List<Class<?>> interfaces) {
            super(interfaces.get(0).getClassLoader());
            this.interfaces = interfaces;
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.doitlive.runtime.proxy.")) {
                return RefreshableProxy.class.getClassLoader().loadClass(name);
            }
            ClassNotFoundException last = null;
            for (Class<?> i : interfaces) {
                try {
                    ClassLoader l = i.getClassLoader();
                    return l == null ? Class.forName(name, false, null) : l.loadClass(name);
                } catch (ClassNotFoundException e) {
                    last = e;
                }
            }
            throw last != null ? last : new ClassNotFoundException(name);
        }
    }
}
