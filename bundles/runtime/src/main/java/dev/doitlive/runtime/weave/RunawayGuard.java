package dev.doitlive.runtime.weave;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;

import dev.doitlive.runtime.guard.Runaway;
import dev.doitlive.runtime.guard.RunawayStopped;

/**
 * A weaving hook that lets a loop in a refreshable's own code be stopped: as a refreshable bundle's classes load, a
 * call to {@link Runaway#check()} goes in front of every backward jump (a loop's next turn: {@code goto} back,
 * a conditional jump back, a switch with a case back), so a call the runtime asks to stop ends there with
 * {@code RunawayStopped}. A sibling of {@link ExitGuard}, apart from it because it parses every class that has a
 * method, where that one parses only the classes that name exit or halt.
 *
 * <p>The call takes nothing off the stack and pushes nothing, and adds no branch: the frames and the maximum stack
 * stay as they are, so nothing is recomputed and no class is loaded while weaving. What the check costs is in
 * {@link Runaway}. A class that cannot be woven (ASM refuses it) loads as it is: its loops cannot be stopped, and
 * nothing else changes.
 *
 * <p>Public (and {@link #rewrite} with it) for the benchmarks, which weave a class outside OSGi.
 */
public final class RunawayGuard implements WeavingHook {
    private static final String RUNAWAY = Runaway.class.getName().replace('.', '/');

    /** Which bundles to guard: the refreshables (bundles that require the doitlive extender). */
    private final Predicate<Bundle> guarded;

    public RunawayGuard(Predicate<Bundle> guarded) {
        this.guarded = guarded;
    }

    @Override
    public void weave(WovenClass woven) {
        if (!guarded.test(woven.getBundleWiring().getBundle())) {
            return;
        }
        byte[] rewritten;
        try {
            rewritten = rewrite(woven.getBytes());
        } catch (RuntimeException e) {
            return; // not a class ASM reads: the framework's own define says what is wrong with it
        }
        if (rewritten != null) {
            woven.setBytes(rewritten);
            woven.getDynamicImports().add(Runaway.class.getPackageName());
        }
    }

    /** The class with a check before each backward jump of its methods, or null when it has none. */
    public static byte[] rewrite(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                // Frames are kept, never computed; should ASM still ask (a method so large that its jumps must be
                // widened), weaving gives up rather than load classes while the class loads.
                throw new IllegalStateException("cannot weave loop checks into a method this large");
            }
        };
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new BackEdges(super.visitMethod(access, name, descriptor, signature, exceptions), changed);
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : null;
    }

    /** Puts the check before each jump to a label already seen: code is visited in order, so those jump back. */
    private static final class BackEdges extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();
        private final boolean[] changed;

        BackEdges(MethodVisitor next, boolean[] changed) {
            super(Opcodes.ASM9, next);
            this.changed = changed;
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (opcode != Opcodes.JSR && seen.contains(label)) {
                check();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            if (anySeen(dflt, labels)) {
                check();
            }
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            if (anySeen(dflt, labels)) {
                check();
            }
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private boolean anySeen(Label dflt, Label[] labels) {
            if (seen.contains(dflt)) {
                return true;
            }
            for (Label l : labels) {
                if (seen.contains(l)) {
                    return true;
                }
            }
            return false;
        }

        private void check() {
            changed[0] = true;
            super.visitMethodInsn(Opcodes.INVOKESTATIC, RUNAWAY, "check", "()V", false);
        }
    }
}
