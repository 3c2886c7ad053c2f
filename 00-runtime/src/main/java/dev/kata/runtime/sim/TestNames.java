package dev.kata.runtime.sim;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Finds the JUnit test method that is building a simulation, so that its trace page is named after
 * the test ("RegisterNodeTest-underANemesis") without the test having to say so. Looks the
 * annotations up by name: the simulation does not depend on JUnit.
 */
final class TestNames {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private TestNames() {
    }

    /** "Class-method" of the nearest test method on the calling stack, if there is one. */
    static Optional<String> current() {
        return WALKER.walk(frames -> frames
                .filter(frame -> isTestMethod(frame.getDeclaringClass(), frame.getMethodName(),
                        frame.getMethodType().parameterArray()))
                .map(frame -> outerName(frame.getDeclaringClass()) + "-" + frame.getMethodName())
                .findFirst());
    }

    /** A nested test class goes by its outer class, as in the replay command. */
    private static String outerName(Class<?> type) {
        String name = type.getName().substring(type.getName().lastIndexOf('.') + 1);
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static boolean isTestMethod(Class<?> type, String name, Class<?>[] parameters) {
        if (name.startsWith("lambda$") || type.getName().startsWith("java.")) {
            return false;
        }
        try {
            Method method = type.getDeclaredMethod(name, parameters);
            for (Annotation annotation : method.getAnnotations()) {
                if (isTestAnnotation(annotation.annotationType())) {
                    return true;
                }
                for (Annotation meta : annotation.annotationType().getAnnotations()) {
                    if (isTestAnnotation(meta.annotationType())) {
                        return true; // e.g. @RandomizedTest, itself a @TestTemplate
                    }
                }
            }
            return false;
        } catch (NoSuchMethodException | SecurityException e) {
            return false;
        }
    }

    private static boolean isTestAnnotation(Class<? extends Annotation> type) {
        String name = type.getName();
        return name.equals("org.junit.jupiter.api.Test") || name.equals("org.junit.jupiter.api.TestTemplate")
                || name.equals("org.junit.jupiter.api.RepeatedTest")
                || name.equals("org.junit.jupiter.params.ParameterizedTest");
    }
}
