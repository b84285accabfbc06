package io.jbroker.store;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.NoneValue;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.zeek.Batch;
import io.jbroker.zeek.Event;
import io.jbroker.zeek.TableChange;
import io.jbroker.zeek.TableChangeDecodeException;
import io.jbroker.zeek.TableChangeHeader;
import io.jbroker.zeek.TableChangeInfos;
import io.jbroker.zeek.ZeekMessage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A read-only, replicated copy of a Zeek table with {@code &publish_on_change}, fed by the
 * {@code Cluster::table_change_infos} events that arrive at an {@link Endpoint} (from Broker peers
 * or any other transport attached to it, e.g. a ZeroMQ node). Keys are the index vectors
 * ({@link TableChange#indexData()}), values the table's values ({@code nil} for sets).
 *
 * <p>Changes apply in arrival order: NEW and CHANGED put the value, REMOVED and EXPIRED delete the
 * index. When {@code tableId} is given, batches whose header names another table are ignored and
 * counted ({@link #ignoredCount()}).
 *
 * <p>Bounded: at most {@code maxEntries} indexes are held. A NEW or CHANGED change for an index not
 * yet held while the view is full is dropped, counted ({@link #droppedCount()}) and not given to
 * listeners; changes to indexes already held always apply. Malformed events (typed by {@link
 * TableChangeDecodeException}) are counted ({@link #malformedCount()}) and the latest is kept
 * ({@link #lastProblem()}); the view goes on.
 *
 * <p>Threading: changes are applied on one delivery thread owned by the view; {@link #get}, {@link
 * #size} and {@link #snapshot} may be called from any thread (a concurrent map: a reader sees each
 * change atomically, not each batch). Listeners run on the delivery thread after the map was
 * updated; a listener that throws is counted ({@link #listenerFailureCount()}) and the others still
 * run.
 */
public final class ZeekTableView implements AutoCloseable {
    /** Receives each applied change. */
    @FunctionalInterface
    public interface Listener {
        void changed(TableChangeHeader header, TableChange change);
    }

    /** The default bound on indexes held. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;

    private final Optional<String> tableId;
    private final int maxEntries;
    private final Map<VectorValue, Data> entries = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder applied = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final AtomicReference<String> lastProblem = new AtomicReference<>();
    private final ExecutorService delivery;
    private final Subscriber subscriber;

    private ZeekTableView(Endpoint endpoint, String topic, Optional<String> tableId, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.tableId = tableId;
        this.maxEntries = maxEntries;
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jbroker-table-view " + topic);
            t.setDaemon(true);
            return t;
        });
        this.subscriber = endpoint.subscribe(topic);
        subscriber.onMessage(this::receive, delivery);
    }

    /** A view of table {@code id} on Zeek's default topic {@code zeek/table/<id>/}. */
    public static ZeekTableView forTable(Endpoint endpoint, String id) {
        return open(endpoint, TableChangeInfos.topic(id), id, DEFAULT_MAX_ENTRIES);
    }

    /**
     * A view subscribed to {@code topic} (a prefix match, e.g. {@code zeek/table/}).
     *
     * @param tableId apply only batches for this table id; {@code null} applies every table's
     *     changes into this one map
     * @param maxEntries the bound on indexes held (see the class comment for the drop policy)
     */
    public static ZeekTableView open(Endpoint endpoint, String topic, String tableId, int maxEntries) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(topic, "topic");
        return new ZeekTableView(endpoint, topic, Optional.ofNullable(tableId), maxEntries);
    }

    /** Adds a listener for applied changes. */
    public void onChange(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The value at {@code index} ({@code nil} for a set member), or empty if absent. */
    public Optional<Data> get(List<Data> index) {
        return Optional.ofNullable(entries.get(Data.vector(index)));
    }

    /** The value at a single-column {@code index}. */
    public Optional<Data> get(Data index) {
        return get(List.of(index));
    }

    /** Whether {@code index} is present. */
    public boolean contains(List<Data> index) {
        return entries.containsKey(Data.vector(index));
    }

    /** The number of indexes held. */
    public int size() {
        return entries.size();
    }

    /** An immutable copy of the table (index vector to value). */
    public Map<VectorValue, Data> snapshot() {
        return Map.copyOf(entries);
    }

    /** The bound on indexes held. */
    public int maxEntries() {
        return maxEntries;
    }

    /** Changes applied. */
    public long appliedCount() {
        return applied.sum();
    }

    /** Changes dropped because the view was full. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Messages that were not valid {@code table_change_infos} events. */
    public long malformedCount() {
        return malformed.sum();
    }

    /** Batches for other tables (when a table id was given). */
    public long ignoredCount() {
        return ignored.sum();
    }

    /** Listener calls that threw. */
    public long listenerFailureCount() {
        return listenerFailures.sum();
    }

    /** The description of the latest malformed message, if any. */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem.get());
    }

    private void receive(DataMessage message) {
        Optional<Batch> batch = Batch.from(message.data());
        if (batch.isPresent()) {
            for (ZeekMessage m : batch.get().messages()) {
                if (m instanceof Event) {
                    receive((Event) m);
                }
            }
            return;
        }
        Optional<Event> event = Event.from(message.data());
        if (event.isEmpty()) {
            problem("not a Zeek event on " + message.topic());
            return;
        }
        receive(event.get());
    }

    private void receive(Event event) {
        TableChangeInfos infos;
        try {
            infos = TableChangeInfos.decode(event);
        } catch (TableChangeDecodeException e) {
            problem(e.problem() + ": " + e.getMessage());
            return;
        }
        if (tableId.isPresent() && !tableId.get().equals(infos.header().id())) {
            ignored.increment();
            return;
        }
        for (TableChange c : infos.changes()) {
            if (apply(c)) {
                applied.increment();
                notify(infos.header(), c);
            }
        }
    }

    private boolean apply(TableChange c) {
        VectorValue key = c.indexData();
        if (c.change().removes()) {
            entries.remove(key);
            return true;
        }
        Data value = c.value().orElse(NoneValue.INSTANCE);
        // only the delivery thread writes, so the size check and the put do not race
        if (!entries.containsKey(key) && entries.size() >= maxEntries) {
            dropped.increment();
            return false;
        }
        entries.put(key, value);
        return true;
    }

    private void notify(TableChangeHeader header, TableChange c) {
        for (Listener l : listeners) {
            try {
                l.changed(header, c);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                listenerFailures.increment();
            }
        }
    }

    private void problem(String what) {
        malformed.increment();
        lastProblem.set(what);
    }

    /** Unsubscribes and stops the delivery thread; the content stays readable. */
    @Override
    public void close() {
        subscriber.close();
        delivery.shutdown();
    }
}
