package io.reactiveorm.tests.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An entity whose no-arg constructor (what a query calls to build an instance from a row) can be held:
 * after {@link #holdNextBuild()} the next instance built from a row spins in its constructor until
 * {@link #release()}, so a test can act while a row is being merged. Spins rather than blocks, as it runs
 * on the driver's thread.
 */
@Entity
public class Gate {

    private static final int OPEN = 0;
    private static final int ARMED = 1;
    private static final int HOLDING = 2;
    private static final int BUILT = 3;
    private static final AtomicInteger STATE = new AtomicInteger(OPEN);
    private static volatile boolean released;

    @Id
    private Long id;

    protected Gate() {
        if (STATE.compareAndSet(ARMED, HOLDING)) {
            // a volatile read per turn: BlockHound counts Thread.onSpinWait as blocking
            while (!released) {
                STATE.get();
            }
            STATE.set(BUILT);
        }
    }

    public Gate(Long id) {
        this.id = id;
    }

    public Long getId() {
        return id;
    }

    /** The next instance built from a row holds its thread in the constructor until {@link #release()}. */
    public static void holdNextBuild() {
        released = false;
        STATE.set(ARMED);
    }

    /** Whether the held constructor is running. */
    public static boolean holding() {
        return STATE.get() == HOLDING;
    }

    /** Lets the held constructor finish. */
    public static void release() {
        released = true;
    }

    /** Whether the held constructor has finished. */
    public static boolean built() {
        return STATE.get() == BUILT;
    }
}
