package io.jbroker.store;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * A master on a SQLite file in a process of its own, for {@link SqliteKillTest}: puts key {@code
 * k<i>} = count i for i = 0, 1, ... as fast as the store acknowledges them (at most 2000 in
 * flight) and prints {@code ACK <i>} for each acknowledged put; after each put of an i ending in 9
 * it erases key {@code k<i-9>} and prints {@code DEL <i-9>} when that erase is acknowledged; until
 * it is killed.
 */
public final class SqliteMasterProcess {
    private SqliteMasterProcess() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "US-ASCII");
        Endpoint endpoint =
                Endpoint.create(EndpointConfig.builder().ioThreads(1).build());
        Store master = Stores.attachMaster(endpoint, "durable", SqliteBackend.open(Path.of(args[0])));
        out.println("READY");
        out.flush();
        Semaphore window = new Semaphore(2000);
        for (long i = 0; ; i++) {
            window.acquire();
            long n = i;
            master.putAsync(Data.string("k" + n), Data.count(n), Optional.empty())
                    .whenComplete((ok, failure) -> {
                        if (failure == null) {
                            synchronized (out) {
                                out.println("ACK " + n);
                                out.flush();
                            }
                        }
                        window.release();
                    });
            if (n % 10 == 9) { // and erase an earlier key: erases land in the same batches as the puts
                window.acquire();
                long gone = n - 9;
                master.eraseAsync(Data.string("k" + gone)).whenComplete((ok, failure) -> {
                    if (failure == null) {
                        synchronized (out) {
                            out.println("DEL " + gone);
                            out.flush();
                        }
                    }
                    window.release();
                });
            }
        }
    }
}
