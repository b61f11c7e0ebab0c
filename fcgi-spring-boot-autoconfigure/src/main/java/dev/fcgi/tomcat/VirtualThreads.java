package dev.fcgi.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tells virtual threads from platform threads on JDK 21+, and answers "platform" on JDK
 * 17, where this module's code must also run ({@code Thread.isVirtual()} does not exist
 * there).
 */
final class VirtualThreads {

    private static final MethodHandle IS_VIRTUAL = lookup();

    private VirtualThreads() {
    }

    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null || thread == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        }
        catch (Throwable ex) {
            return false;
        }
    }

    private static MethodHandle lookup() {
        try {
            return MethodHandles.publicLookup()
                .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        }
        catch (ReflectiveOperationException ex) {
            return null;
        }
    }

}
