package io.jbroker.store;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.endpoint.Endpoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stores attached to each endpoint of this JVM, by name, for the rules that keep one endpoint's
 * stores apart: a clone cannot be attached beside its master (Broker's rule, same error code,
 * {@code no_such_master}), and neither a second master nor a master beside a clone of the same
 * name (Broker hands out its existing master for the first and does not check the second; a
 * jbroker {@link Store} is one handle with its own lifetime, so both are refused). Clones of one
 * name may be attached more than once. Guarded by the class lock; endpoints are weak keys.
 */
final class LocalStores {
    private record Attached(Set<String> masters, Map<String, Integer> clones) {}

    private static final Map<Endpoint, Attached> BY_ENDPOINT = new WeakHashMap<>();

    private LocalStores() {}

    /** Registers a master of {@code name}; the result undoes it (once). */
    static synchronized Runnable addMaster(Endpoint endpoint, String name) {
        Attached a = attached(endpoint);
        if (a.masters.contains(name)) {
            throw new BrokerException(
                    ErrorCode.MASTER_EXISTS,
                    "store " + name + " already has a master on this endpoint; use that Store");
        }
        if (a.clones.containsKey(name)) {
            throw new BrokerException(
                    ErrorCode.UNSPECIFIED,
                    "a clone of store " + name + " is attached to this endpoint: a master cannot run beside it"
                            + " (close the clone first)");
        }
        a.masters.add(name);
        return once(() -> {
            synchronized (LocalStores.class) {
                a.masters.remove(name);
            }
        });
    }

    /** Registers a clone of {@code name}; the result undoes it (once). */
    static synchronized Runnable addClone(Endpoint endpoint, String name) {
        Attached a = attached(endpoint);
        if (a.masters.contains(name)) {
            throw new BrokerException(
                    ErrorCode.NO_SUCH_MASTER,
                    "store " + name + " has its master on this endpoint: a clone cannot run beside it"
                            + " (use the master's Store)");
        }
        a.clones.merge(name, 1, Integer::sum);
        return once(() -> {
            synchronized (LocalStores.class) {
                a.clones.computeIfPresent(name, (k, n) -> n == 1 ? null : n - 1);
            }
        });
    }

    private static Attached attached(Endpoint endpoint) {
        return BY_ENDPOINT.computeIfAbsent(endpoint, e -> new Attached(new HashSet<>(), new HashMap<>()));
    }

    private static Runnable once(Runnable r) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                r.run();
            }
        };
    }
}
