package io.reactiveorm.tests.db;

import com.sun.security.auth.module.UnixSystem;
import java.util.Locale;

/** Facts about the operating-system user this JVM runs as. Stateless. */
final class CurrentUser {

    private CurrentUser() {
    }

    /** Whether this JVM runs as root (uid 0); never true on Windows. */
    static boolean isRoot() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        return new UnixSystem().getUid() == 0;
    }
}
