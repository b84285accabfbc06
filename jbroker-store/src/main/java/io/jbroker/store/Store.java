package io.jbroker.store;

import io.jbroker.BrokerException;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.IntegerValue;
import io.jbroker.data.RealValue;
import io.jbroker.data.SetValue;
import io.jbroker.data.TimespanValue;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.ErrorEvent;
import io.jbroker.internal.command.CommandPort;
import io.jbroker.store.internal.Appliers;
import io.jbroker.store.internal.CloneState;
import io.jbroker.store.internal.CommandCodec;
import io.jbroker.store.internal.CommandDecodeException;
import io.jbroker.store.internal.EncodedContent;
import io.jbroker.store.internal.InternalCommand;
import io.jbroker.store.internal.Mailbox;
import io.jbroker.store.internal.MasterState;
import io.jbroker.store.internal.Outbox;
import io.jbroker.store.internal.StoreCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One attached data store, master or clone (see {@link Stores}): every operation of Broker's store
 * API in an asynchronous ({@code ...Async}, a {@link CompletableFuture}) and a blocking form. Writes
 * on a clone go to the master and become visible on the clone when the master's update arrives;
 * reads are answered locally.
 *
 * <p>Threading: all state lives on one store thread; methods may be called from any thread.
 * Received commands are queued for it (bounded: beyond {@link #MAX_PENDING} they are dropped and
 * counted). Errors: operations fail with {@link BrokerException} ({@code NO_SUCH_KEY}, {@code
 * TYPE_CLASH}, {@code STALE_DATA} on a clone without its snapshot, {@code SHUTTING_DOWN} after
 * close). Event listeners that throw are counted, never break the store.
 */
public final class Store implements AutoCloseable {
    /** Received commands queued for the store thread at most. */
    public static final int MAX_PENDING = 65_536;

    /** Error events a store publishes per second at most. */
    public static final int MAX_ERROR_EVENTS_PER_SECOND = 100;

    /** Tasks the store thread runs before it commits (a master) and lets ticks run. */
    static final int MAX_BATCH = 4096;

    /** Events taken in since the last cumulative ACK that make a store send one at once. */
    static final int EARLY_ACK = 1024;

    private static final Duration BLOCKING_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger OBJECTS = new AtomicInteger(1);

    private final String name;
    private final EntityId self;
    private final StoreOptions options;
    private final ScheduledExecutorService thread;
    /** API calls and received commands, run on {@link #thread} in batches. */
    private final Mailbox mailbox;

    private final CommandPort port;
    private final MasterState master;
    private final CloneState clone;
    private final Topic eventTopic;
    private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder problems = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder suppressedErrors = new LongAdder();
    private long errorWindow; // store thread
    private int errorsInWindow; // store thread
    private long reportedMalformed; // store thread
    private long reportedDropped; // store thread
    private final List<String> recentProblems = new ArrayList<>(); // store thread
    private final Map<Long, CompletableFuture<Boolean>> putUniques = new HashMap<>(); // store thread
    private final List<Runnable> waitingForSync = new ArrayList<>(); // store thread
    private final List<Consumer<Throwable>> afterCommit = new ArrayList<>(); // store thread
    private boolean commitDue; // store thread
    private long nextRequest = 1; // store thread
    private volatile boolean closed;
    /** Undoes this store's entry in {@link LocalStores} (set once, before the store is handed out). */
    private volatile Runnable release = () -> {};

    private Store(
            String name,
            EntityId self,
            StoreOptions options,
            Backend backend,
            io.jbroker.endpoint.Endpoint endpoint,
            Consumer<StoreEvent> listener) {
        if (listener != null) {
            listeners.add(listener); // before any command can arrive: no event is missed
        }
        this.name = name;
        this.self = self;
        this.options = options;
        this.eventTopic = Topic.storeEvents(name);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jbroker-store-" + name);
            t.setDaemon(true);
            return t;
        });
        this.mailbox = new Mailbox(thread, MAX_BATCH, this::endOfBatch);
        Outbox out = new PortOutbox();
        if (backend != null) {
            this.master = new MasterState(
                    name,
                    self,
                    backend,
                    options.clock(),
                    out,
                    options.heartbeatInterval(),
                    options.connectionTimeoutFactor(),
                    options.nackTimeout(),
                    options.maxUnackedUpdates());
            this.clone = null;
            master.onPutUnique((who, req, inserted) -> complete(who, req, inserted));
        } else {
            this.master = null;
            this.clone = new CloneState(
                    name,
                    self,
                    out,
                    options.heartbeatInterval(),
                    options.connectionTimeoutFactor(),
                    options.nackTimeout());
            clone.onPutUnique((who, req, inserted) -> complete(who, req, inserted));
        }
        Topic topic = backend != null ? Topic.storeMaster(name) : Topic.storeClone(name);
        this.port = CommandPort.open(endpoint, topic, this::received);
    }

    static Store master(
            io.jbroker.endpoint.Endpoint endpoint,
            String name,
            Backend backend,
            StoreOptions options,
            Consumer<StoreEvent> listener) {
        Runnable release = LocalStores.addMaster(endpoint, name);
        try {
            if (CommandPort.anyPeerAnnounces(endpoint, Topic.storeMaster(name))) {
                throw new BrokerException(ErrorCode.MASTER_EXISTS, "a peer already has a master for store " + name);
            }
            Store s = new Store(name, entity(endpoint, options), options, backend, endpoint, listener);
            s.release = release;
            s.start();
            return s;
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    static Store clone(
            io.jbroker.endpoint.Endpoint endpoint, String name, StoreOptions options, Consumer<StoreEvent> listener) {
        Runnable release = LocalStores.addClone(endpoint, name);
        try {
            Store s = new Store(name, entity(endpoint, options), options, null, endpoint, listener);
            s.release = release;
            s.mailbox.execute(s.clone::start);
            s.start();
            return s;
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    private static EntityId entity(io.jbroker.endpoint.Endpoint endpoint, StoreOptions options) {
        long object = options.object() != 0 ? options.object() : OBJECTS.getAndAdd(2);
        return new EntityId(endpoint.id(), object);
    }

    private void start() {
        long ms = options.tickInterval().toMillis();
        if (ms > 0) {
            thread.scheduleAtFixedRate(this::tickNow, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    // ------------------------------------------------------------------ identity and diagnostics

    public String name() {
        return name;
    }

    public boolean isMaster() {
        return master != null;
    }

    /** This store's entity (its endpoint and object number). */
    public EntityId entity() {
        return self;
    }

    /** Received command envelopes that were malformed (dropped). */
    public long malformedCount() {
        return malformed.sum();
    }

    /** Received commands dropped because the store thread's queue was full. */
    public long droppedCount() {
        return dropped.sum();
    }

    /**
     * Clones this master dropped because they fell {@link StoreOptions#maxUnackedUpdates()} updates
     * behind (they are sent {@code retransmit_failed}; a jbroker clone then resynchronises).
     */
    public long slowClonesDropped() {
        return master == null ? 0 : call(master::slowClonesDropped).join();
    }

    /** Updates a master keeps for clones that have not acknowledged them (at most maxUnackedUpdates). */
    public int bufferedUpdates() {
        return master == null ? 0 : call(master::bufferedUpdates).join();
    }

    /** Clones attached to this master (handshake sent). */
    public int cloneCount() {
        return master == null ? 0 : call(master::clones).join();
    }

    /** Whether this clone is synchronised with a master now (always true for a master). */
    public boolean isSynced() {
        return clone == null || call(clone::synced).join();
    }

    /** How often this clone gave up on a silent master (and looked for a new one). */
    public long masterLosses() {
        return clone == null ? 0 : call(clone::masterLosses).join();
    }

    /**
     * Writes of this clone that a master went silent without acknowledging, summed over its master
     * losses: not re-sent to the next master (the old one may have applied them), so possibly
     * lost; each loss also reports its count as a {@code no_such_master} problem.
     */
    public long unacknowledgedWritesAtMasterLoss() {
        return clone == null ? 0 : call(clone::unacknowledgedWritesAtMasterLoss).join();
    }

    /** How often this clone started over with a fresh snapshot after losing an update. */
    public long resyncCount() {
        return clone == null ? 0 : call(clone::resyncCount).join();
    }

    /** Backend commits (batches of writes made durable) of a master. */
    public long commitCount() {
        return commits.sum();
    }

    /** Problems reported (failed actions, dropped clones, lost events). */
    public long problemCount() {
        return problems.sum();
    }

    /** The latest problem descriptions (at most 100). */
    public List<String> recentProblems() {
        return call(() -> List.copyOf(recentProblems)).join();
    }

    /** Receives every store event on the store thread; a throwing listener is counted and kept. */
    public void onEvent(Consumer<StoreEvent> listener) {
        listeners.add(listener);
    }

    /** Advances the store by one tick now (for stores attached with a zero tick interval). */
    public void tick() {
        call(() -> {
                    tickNow();
                    return null;
                })
                .join();
    }

    /** Runs queued work to completion (everything received before this call is applied). */
    public void sync() {
        call(() -> null).join();
    }

    private void tickNow() {
        reportDrops();
        if (master != null) {
            commitNow(); // what the tick acknowledges to writers is durable first
            master.tick();
            scheduleCommit(); // expired keys
        } else {
            clone.tick();
        }
        endOfBatch();
    }

    // ------------------------------------------------------------------ writes

    public CompletableFuture<Void> putAsync(Data key, Data value, Optional<Duration> expiry) {
        return write(new StoreCommand.Put(key, value, nanos(expiry), self));
    }

    public void put(Data key, Data value) {
        join(putAsync(key, value, Optional.empty()));
    }

    public void put(Data key, Data value, Duration expiry) {
        join(putAsync(key, value, Optional.of(expiry)));
    }

    /** Stores only if the key is absent; completes with whether it was stored (after the master decided). */
    public CompletableFuture<Boolean> putUniqueAsync(Data key, Data value, Optional<Duration> expiry) {
        return call(() -> {
                    long req = nextRequest++;
                    EntityId who = new EntityId(self.endpoint(), self.object() + 1);
                    CompletableFuture<Boolean> f = new CompletableFuture<>();
                    putUniques.put(req, f);
                    submitAction(new StoreCommand.PutUnique(key, value, nanos(expiry), who, req, self));
                    return f;
                })
                .thenCompose(f -> f);
    }

    public boolean putUnique(Data key, Data value) {
        return join(putUniqueAsync(key, value, Optional.empty()));
    }

    public CompletableFuture<Void> eraseAsync(Data key) {
        return write(new StoreCommand.Erase(key, self));
    }

    public void erase(Data key) {
        join(eraseAsync(key));
    }

    public CompletableFuture<Void> clearAsync() {
        return write(new StoreCommand.Clear(self));
    }

    public void clear() {
        join(clearAsync());
    }

    /** Adds {@code amount} (count, integer, real or timespan) to the key's value. */
    public CompletableFuture<Void> incrementAsync(Data key, Data amount, Optional<Duration> expiry) {
        return write(new StoreCommand.Add(key, amount, incrementType(amount), nanos(expiry), self));
    }

    public void increment(Data key, Data amount) {
        join(incrementAsync(key, amount, Optional.empty()));
    }

    public CompletableFuture<Void> decrementAsync(Data key, Data amount, Optional<Duration> expiry) {
        return write(new StoreCommand.Subtract(key, amount, nanos(expiry), self));
    }

    public void decrement(Data key, Data amount) {
        join(decrementAsync(key, amount, Optional.empty()));
    }

    public CompletableFuture<Void> appendAsync(Data key, Data string, Optional<Duration> expiry) {
        return write(new StoreCommand.Add(key, string, DataType.STRING, nanos(expiry), self));
    }

    public void append(Data key, Data string) {
        join(appendAsync(key, string, Optional.empty()));
    }

    /** Inserts {@code index} into the set at {@code key}. */
    public CompletableFuture<Void> insertIntoAsync(Data key, Data index, Optional<Duration> expiry) {
        return write(new StoreCommand.Add(key, index, DataType.SET, nanos(expiry), self));
    }

    public void insertInto(Data key, Data index) {
        join(insertIntoAsync(key, index, Optional.empty()));
    }

    /** Sets {@code index} to {@code value} in the table at {@code key}. */
    public CompletableFuture<Void> insertIntoAsync(Data key, Data index, Data value, Optional<Duration> expiry) {
        return write(new StoreCommand.Add(key, VectorValue.of(index, value), DataType.TABLE, nanos(expiry), self));
    }

    public void insertInto(Data key, Data index, Data value) {
        join(insertIntoAsync(key, index, value, Optional.empty()));
    }

    public CompletableFuture<Void> removeFromAsync(Data key, Data index, Optional<Duration> expiry) {
        return write(new StoreCommand.Subtract(key, index, nanos(expiry), self));
    }

    public void removeFrom(Data key, Data index) {
        join(removeFromAsync(key, index, Optional.empty()));
    }

    public CompletableFuture<Void> pushAsync(Data key, Data value, Optional<Duration> expiry) {
        return write(new StoreCommand.Add(key, value, DataType.VECTOR, nanos(expiry), self));
    }

    public void push(Data key, Data value) {
        join(pushAsync(key, value, Optional.empty()));
    }

    public CompletableFuture<Void> popAsync(Data key, Optional<Duration> expiry) {
        return write(new StoreCommand.Subtract(key, key, nanos(expiry), self));
    }

    public void pop(Data key) {
        join(popAsync(key, Optional.empty()));
    }

    /** Broker's init type for increment: the amount's own type, timestamp for a timespan. */
    static DataType incrementType(Data amount) {
        if (amount instanceof CountValue) {
            return DataType.COUNT;
        }
        if (amount instanceof IntegerValue) {
            return DataType.INTEGER;
        }
        if (amount instanceof RealValue) {
            return DataType.REAL;
        }
        if (amount instanceof TimespanValue) {
            return DataType.TIMESTAMP;
        }
        return DataType.NONE;
    }

    /**
     * Completes once the write is applied and committed by the backend (master) or handed to the
     * writer channel (clone). A failing local write on a master completes exceptionally; clones,
     * like Broker, never learn of a failure at the master.
     */
    private CompletableFuture<Void> write(StoreCommand action) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCode.SHUTTING_DOWN, "store closed"));
        }
        PendingWrite w = new PendingWrite(action);
        try {
            mailbox.execute(w);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCode.SHUTTING_DOWN, "store closed"));
        }
        return w.done;
    }

    /**
     * One write on its way through the store thread: the mailbox task, and (as a clone's "sent"
     * callback, or a master's after-commit step) what completes its future; one object per write
     * instead of a chain of futures.
     */
    private final class PendingWrite implements Runnable, Consumer<Throwable> {
        private final StoreCommand action;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private boolean queued;

        PendingWrite(StoreCommand action) {
            this.action = action;
        }

        /** Store thread: the first run applies or forwards the write; a clone's channel runs it again once sent. */
        @Override
        public void run() {
            if (queued) {
                done.complete(null); // handed to the writer channel
                return;
            }
            queued = true;
            try {
                if (master != null) {
                    master.applyOrThrow(action);
                    afterCommit(this);
                } else if (!clone.write(action, this)) {
                    fail(tooManyWaiting());
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** Fails the write as a chain of futures did before (wrapped, as dependents see it). */
        private void fail(Throwable failure) {
            done.completeExceptionally(new CompletionException(failure));
        }

        /** Store thread, a master's commit: null when it succeeded. */
        @Override
        public void accept(Throwable failure) {
            if (failure == null) {
                done.complete(null);
            } else {
                fail(failure);
            }
        }
    }

    private BrokerException tooManyWaiting() {
        return new BrokerException(
                ErrorCode.REQUEST_TIMEOUT, "store " + name + ": too many writes waiting for the master");
    }

    private void afterCommit(Consumer<Throwable> ack) {
        afterCommit.add(ack);
        scheduleCommit();
    }

    /**
     * Store thread: commits at the end of the batch being run (group commit): every command and call
     * the mailbox runs in one batch lands in the same transaction.
     */
    private void scheduleCommit() {
        if (master != null) {
            commitDue = true;
        }
    }

    /**
     * Store thread, after each batch of the mailbox and after each tick: a master commits what the
     * batch wrote and completes the writes waiting for it; then both roles acknowledge early what
     * they took in, once {@link #EARLY_ACK} events arrived since their last ACK, so that a fast
     * writer's window (and a master's buffer of unacknowledged updates) does not wait for the next
     * heartbeat. A master's ACKs to writers come after its commit, so they never cover uncommitted
     * writes.
     */
    private void endOfBatch() {
        try {
            if (master != null) {
                if (!commitDue || commitNow()) {
                    master.ackWritersIfBehind(EARLY_ACK); // only what is committed
                }
            } else {
                clone.ackIfBehind(EARLY_ACK);
            }
        } catch (RuntimeException e) {
            problem(ErrorCode.UNSPECIFIED, "store " + name + ": " + e);
        }
    }

    /** Store thread: commits and completes the writes waiting for it; whether the commit succeeded. */
    private boolean commitNow() {
        commitDue = false;
        Throwable failure = null;
        try {
            master.backend().commit();
            commits.increment();
        } catch (RuntimeException e) {
            failure = e;
            problem(ErrorCode.BACKEND_FAILURE, "store " + name + ": " + e.getMessage());
        }
        List<Consumer<Throwable>> acks = new ArrayList<>(afterCommit);
        afterCommit.clear();
        for (Consumer<Throwable> a : acks) {
            a.accept(failure);
        }
        return failure == null;
    }

    private void submitAction(StoreCommand action) {
        if (master != null) {
            master.applyOrThrow(action);
        } else if (!clone.write(action)) {
            throw tooManyWaiting();
        }
    }

    // ------------------------------------------------------------------ reads

    public CompletableFuture<Data> getAsync(Data key) {
        return read(() -> {
            Data d = lookup(key);
            if (d == null) {
                throw new BrokerException(ErrorCode.NO_SUCH_KEY, "no such key: " + key);
            }
            return d;
        });
    }

    public Data get(Data key) {
        return join(getAsync(key));
    }

    public CompletableFuture<Boolean> existsAsync(Data key) {
        return read(() -> lookup(key) != null);
    }

    public boolean exists(Data key) {
        return join(existsAsync(key));
    }

    /** All keys as a set. */
    public CompletableFuture<SetValue> keysAsync() {
        return read(() -> SetValue.of(
                master != null
                        ? master.backend().keys()
                        : List.copyOf(clone.content().keySet())));
    }

    public SetValue keys() {
        return join(keysAsync());
    }

    public CompletableFuture<Data> getIndexFromValueAsync(Data key, Data index) {
        return read(() -> {
            Data d = lookup(key);
            if (d == null) {
                throw new BrokerException(ErrorCode.NO_SUCH_KEY, "no such key: " + key);
            }
            return Appliers.index(d, index);
        });
    }

    public Data getIndexFromValue(Data key, Data index) {
        return join(getIndexFromValueAsync(key, index));
    }

    private Data lookup(Data key) {
        if (master != null) {
            return master.backend().get(key).map(Backend.Entry::value).orElse(null);
        }
        return clone.content().get(key);
    }

    /** A read; on a clone without its snapshot it waits up to max-get-delay, then fails stale_data. */
    private <T> CompletableFuture<T> read(Supplier<T> body) {
        return call(() -> {
                    if (clone == null || clone.readable()) {
                        return CompletableFuture.completedFuture(body.get());
                    }
                    CompletableFuture<T> f = new CompletableFuture<>();
                    waitingForSync.add(() -> {
                        try {
                            f.complete(body.get());
                        } catch (RuntimeException e) {
                            f.completeExceptionally(e);
                        }
                    });
                    java.util.concurrent.ScheduledFuture<?> stale = thread.schedule(
                            () -> f.completeExceptionally(new BrokerException(
                                    ErrorCode.STALE_DATA, "store " + name + ": no snapshot from a master yet")),
                            options.maxGetDelay().toMillis(),
                            TimeUnit.MILLISECONDS);
                    // an answered read drops its timer, so close() need not wait for it
                    f.whenComplete((v, e) -> stale.cancel(false));
                    return f;
                })
                .thenCompose(f -> f);
    }

    // ------------------------------------------------------------------ plumbing

    private void complete(EntityId who, long req, boolean inserted) {
        if (!who.equals(new EntityId(self.endpoint(), self.object() + 1))) {
            return;
        }
        CompletableFuture<Boolean> f = putUniques.remove(req);
        if (f == null) {
            return;
        }
        if (master == null) {
            f.complete(inserted);
            return;
        }
        afterCommit(failure -> {
            if (failure == null) {
                f.complete(inserted);
            } else {
                f.completeExceptionally(failure);
            }
        });
    }

    private <T> CompletableFuture<T> call(Supplier<T> body) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCode.SHUTTING_DOWN, "store closed"));
        }
        try {
            return CompletableFuture.supplyAsync(body, mailbox);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCode.SHUTTING_DOWN, "store closed"));
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(BLOCKING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new BrokerException(ErrorCode.UNSPECIFIED, String.valueOf(c), c);
        } catch (TimeoutException e) {
            throw new BrokerException(ErrorCode.REQUEST_TIMEOUT, "store operation timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(ErrorCode.REQUEST_TIMEOUT, "interrupted");
        }
    }

    private static OptionalLong nanos(Optional<Duration> expiry) {
        return expiry.isPresent() ? OptionalLong.of(expiry.get().toNanos()) : OptionalLong.empty();
    }

    /**
     * Network thread: decode, then queue for the store thread (bounded). The payload is read in
     * place from the received frame (immutable); a master keeps the content bytes of a write it
     * passes on unchanged, to broadcast them as received.
     */
    private void received(EndpointId envSender, EndpointId envReceiver, byte[] frame, int offset, int length) {
        InternalCommand c;
        EncodedContent relayed;
        try {
            if (master != null) {
                CommandCodec.Received r = CommandCodec.decodeForRelay(frame, offset, length);
                c = r.command();
                relayed = r.relayed();
            } else {
                c = CommandCodec.decode(frame, offset, length);
                relayed = null;
            }
        } catch (CommandDecodeException e) {
            malformed.increment(); // reported from the store thread's next tick
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        try {
            mailbox.execute(() -> {
                pending.decrementAndGet();
                boolean wasSynced = clone != null && clone.readable();
                if (master != null) {
                    master.receive(envSender, c, relayed);
                    scheduleCommit();
                } else {
                    clone.receive(envSender, c);
                    if (!wasSynced && clone.readable()) {
                        List<Runnable> w = new ArrayList<>(waitingForSync);
                        waitingForSync.clear();
                        w.forEach(Runnable::run);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            pending.decrementAndGet();
        }
    }

    private final class PortOutbox implements Outbox {
        /** Store thread: every command is encoded here, then copied once into its envelope's frame. */
        private final CommandCodec.Out scratch = new CommandCodec.Out();

        @Override
        public void send(EndpointId envelopeReceiver, Topic topic, InternalCommand command) {
            scratch.reset();
            CommandCodec.encodeTo(scratch, command);
            port.send(envelopeReceiver, topic, scratch.array(), 0, scratch.size());
        }

        @Override
        public void send(
                EndpointId envelopeReceiver,
                Topic topic,
                long seq,
                EntityId sender,
                EntityId receiver,
                EncodedContent content) {
            scratch.reset();
            CommandCodec.encodeTo(scratch, seq, sender, receiver, content);
            port.send(envelopeReceiver, topic, scratch.array(), 0, scratch.size());
        }

        @Override
        public boolean wantsEvents() {
            return !listeners.isEmpty() || port.hasLocalSubscriber(eventTopic);
        }

        @Override
        public void event(StoreEvent event) {
            if (port.hasLocalSubscriber(eventTopic)) {
                port.deliverLocally(eventTopic, event.toData()); // built only for someone to read
            }
            for (Consumer<StoreEvent> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    listenerFailures.increment();
                }
            }
        }

        @Override
        public void problem(ErrorCode code, String description) {
            Store.this.problem(code, description);
        }
    }

    /**
     * Store thread: counts a problem, keeps its description (the latest 100) and publishes it as an
     * error event on the endpoint's local {@code <$>/local/data/errors} topic, at most {@link
     * #MAX_ERROR_EVENTS_PER_SECOND} a second (the rest are counted in {@link
     * #suppressedErrorEvents()}).
     */
    private void problem(ErrorCode code, String description) {
        problems.increment();
        if (recentProblems.size() >= 100) {
            recentProblems.remove(0);
        }
        recentProblems.add(code.brokerName() + ": " + description);
        long second = System.nanoTime() / 1_000_000_000L;
        if (second != errorWindow) {
            errorWindow = second;
            errorsInWindow = 0;
        }
        if (errorsInWindow++ < MAX_ERROR_EVENTS_PER_SECOND) {
            port.deliverLocally(Topic.ERRORS, new ErrorEvent(code, java.util.Optional.empty(), description).toData());
        } else {
            suppressedErrors.increment();
        }
    }

    /** Store thread: reports, once per tick, commands received since that were malformed or dropped. */
    private void reportDrops() {
        long m = malformed.sum();
        if (m > reportedMalformed) {
            problem(
                    ErrorCode.INVALID_MESSAGE,
                    "store " + name + ": " + (m - reportedMalformed) + " malformed command(s) received and dropped");
            reportedMalformed = m;
        }
        long d = dropped.sum();
        if (d > reportedDropped) {
            problem(
                    ErrorCode.REQUEST_TIMEOUT,
                    "store " + name + ": " + (d - reportedDropped)
                            + " received command(s) dropped, the store thread's queue was full");
            reportedDropped = d;
        }
    }

    /** Error events not published because more than the limit per second were due. */
    public long suppressedErrorEvents() {
        return suppressedErrors.sum();
    }

    /** Detaches the store: no more commands are received or sent. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        port.close();
        release.run();
        if (master != null) {
            try {
                thread.execute(() -> commitNow());
            } catch (java.util.concurrent.RejectedExecutionException alreadyDown) {
                // nothing queued any more
            }
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (master != null) {
            master.backend().close();
        }
    }
}
