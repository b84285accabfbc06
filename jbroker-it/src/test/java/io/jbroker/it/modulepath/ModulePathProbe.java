package io.jbroker.it.modulepath;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.store.MemoryBackend;
import io.jbroker.store.Store;
import io.jbroker.store.Stores;
import io.jbroker.zeek.Event;
import java.time.Duration;
import java.util.List;

/**
 * Runs in a child JVM whose jbroker modules come from the module path (see {@link
 * ModulePathTest}): two endpoints peer, an event goes through, a store master and clone agree, and
 * the packages a module does not export stay closed to this (unnamed-module) caller.
 */
public final class ModulePathProbe {
    private ModulePathProbe() {}

    public static void main(String[] args) throws Exception {
        for (Class<?> c : List.of(Data.class, Endpoint.class, Event.class, Stores.class)) {
            System.out.println("module " + c.getModule().getName() + " named="
                    + c.getModule().isNamed());
        }
        try (Endpoint a = Endpoint.create();
                Endpoint b = Endpoint.create()) {
            Subscriber sub = a.subscribe("/probe");
            int port = a.listen("127.0.0.1", 0);
            b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(30));
            DataMessage got = null;
            for (int i = 0; i < 300 && got == null; i++) {
                b.publish("/probe/x", Event.of("Probe::hello", Data.count(7)).toData());
                got = sub.get(Duration.ofMillis(100));
            }
            System.out.println("event "
                    + (got == null
                            ? "none"
                            : Event.from(got.data()).orElseThrow().name()));
            try (Store master = Stores.attachMaster(a, "probe", new MemoryBackend());
                    Store clone = Stores.attachClone(b, "probe")) {
                master.put(Data.string("k"), Data.count(1));
                clone.increment(Data.string("k"), Data.count(2));
                Data v = Data.count(0);
                for (int i = 0; i < 300 && !v.equals(Data.count(3)); i++) {
                    v = master.get(Data.string("k"));
                    if (!v.equals(Data.count(3))) {
                        Thread.sleep(10);
                    }
                }
                System.out.println("store " + v);
            }
        }
        for (String internal : List.of(
                "io.jbroker.internal.net.PeerConnection", "io.jbroker.zeek.internal.workload.ThroughputWorkload")) {
            Class<?> c = Class.forName(internal);
            String pkg = c.getPackageName();
            try {
                c.getDeclaredConstructors()[0].setAccessible(true);
                System.out.println("open " + pkg);
            } catch (RuntimeException e) {
                System.out.println(
                        "closed " + pkg + " exported=" + c.getModule().isExported(pkg));
            }
        }
    }
}
