package dev.doitlive.runtime.weave;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;

import dev.doitlive.runtime.guard.Exits;

/**
 * A weaving hook that keeps a refreshable from stopping the JVM: as a refreshable bundle's classes load, calls to
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} are pointed at {@link Exits}, which throws; so
 * are method references to them ({@code System::exit}, as a lambda's target or a method handle constant).
 * Each replacement takes the same arguments off the stack as the call it replaces, so nothing else in the class
 * changes (no frames to recompute, no class loaded while weaving). Classes that do not name those methods are left
 * as they are, unparsed. Reflection and looked-up method handles can still reach them: this stops the mistake, not
 * an attacker.
 */
public final class ExitGuard implements WeavingHook {
    private static final String EXITS = Exits.class.getName().replace('.', '/');
    private static final byte[] EXIT = "exit".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HALT = "halt".getBytes(StandardCharsets.US_ASCII);

    /** Which bundles to guard: the refreshables (bundles that require the doitlive extender). */
    private final Predicate<Bundle> guarded;

    public ExitGuard(Predicate<Bundle> guarded) {
        this.guarded = guarded;
    }

    @Override
    public void weave(WovenClass woven) {
        Bundle bundle = woven.getBundleWiring().getBundle();
        if (!guarded.test(bundle)) {
            return;
        }
        byte[] rewritten = rewrite(woven.getBytes());
        if (rewritten != null) {
            woven.setBytes(rewritten);
            woven.getDynamicImports().add(Exits.class.getPackageName());
        }
    }

    /** The class with its exit calls replaced, or null when it makes none. */
    static byte[] rewrite(byte[] bytes) {
        if (indexOf(bytes, EXIT) < 0 && indexOf(bytes, HALT) < 0) {
            return null; // neither name is in the constant pool: nothing to do, and no parsing
        }
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... args) {
                        Object[] replaced = args.clone();
                        for (int i = 0; i < replaced.length; i++) {
                            replaced[i] = handle(replaced[i], changed);
                        }
                        super.visitInvokeDynamicInsn(name, desc, bootstrap, replaced);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        super.visitLdcInsn(handle(value, changed));
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        String replacement = replacement(opcode, owner, method, desc);
                        if (replacement == null) {
                            super.visitMethodInsn(opcode, owner, method, desc, itf);
                            return;
                        }
                        changed[0] = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, EXITS, method, replacement, false);
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : null;
    }

    /** A method handle constant to System.exit & co. pointed at {@link Exits}; anything else as it is. */
    private static Object handle(Object value, boolean[] changed) {
        if (!(value instanceof Handle h)) {
            return value;
        }
        int opcode = h.getTag() == Opcodes.H_INVOKESTATIC ? Opcodes.INVOKESTATIC
                : h.getTag() == Opcodes.H_INVOKEVIRTUAL ? Opcodes.INVOKEVIRTUAL : -1;
        String replacement = replacement(opcode, h.getOwner(), h.getName(), h.getDesc());
        if (replacement == null) {
            return value;
        }
        changed[0] = true;
        return new Handle(Opcodes.H_INVOKESTATIC, EXITS, h.getName(), replacement, false);
    }

    /** The descriptor of the {@link Exits} method that replaces the call, or null to keep it. */
    private static String replacement(int opcode, String owner, String method, String desc) {
        if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && method.equals("exit") && desc.equals("(I)V")) {
            return "(I)V";
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime") && (method.equals("exit") || method.equals("halt"))
                && desc.equals("(I)V")) {
            return "(Ljava/lang/Runtime;I)V";
        }
        return null;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
