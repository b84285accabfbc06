package io.jbroker.store;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.sqlite.SQLiteConfig;

/**
 * A backend in a SQLite file (through {@code org.xerial:sqlite-jdbc}): durable across restarts
 * and crashes. The file is opened in WAL mode; writes go into an open transaction (puts as one JDBC
 * batch of upserts, run at the next erase, clear or commit) that {@link #commit} ends, so a master commits a whole batch of writes at once (group commit) and
 * acknowledges them only after that. Reads are answered from a copy of the content in memory, which
 * is loaded when the file is opened.
 *
 * <p>Table {@code store(key BLOB PRIMARY KEY, value BLOB NOT NULL, expiry INTEGER)}: key and value
 * in Broker's binary data format, expiry as absolute nanoseconds since the epoch (NULL = none).
 *
 * <p>Threading: one master thread at a time, like every {@link Backend}. Errors: SQLite failures
 * and undecodable rows throw {@link BrokerException} with {@code BACKEND_FAILURE}.
 */
public final class SqliteBackend implements Backend {
    /** How far a commit is durable. */
    public enum Durability {
        /** Survives a crash of the process ({@code synchronous=NORMAL}: no fsync per commit). */
        PROCESS_CRASH("NORMAL"),
        /** Survives a crash of the machine ({@code synchronous=FULL}: fsync per commit). */
        POWER_LOSS("FULL");

        private final String pragma;

        Durability(String pragma) {
            this.pragma = pragma;
        }
    }

    private final Path file;
    private final Connection db;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;
    private final PreparedStatement deleteAll;
    /** What the file holds (plus the open transaction), for reads without SQL. */
    private final MemoryBackend entries = new MemoryBackend();

    private boolean inTransaction;
    private long commits;
    private long committedWrites;
    private long pendingWrites;
    private int batchedUpserts;

    private SqliteBackend(Path file, Durability durability) throws SQLException {
        this.file = file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(durability.pragma));
        config.setBusyTimeout(5_000);
        this.db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.executeUpdate(
                    "CREATE TABLE IF NOT EXISTS store(" + "key BLOB PRIMARY KEY, value BLOB NOT NULL, expiry INTEGER)");
        }
        this.upsert = db.prepareStatement("INSERT INTO store(key, value, expiry) VALUES(?, ?, ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expiry = excluded.expiry");
        this.delete = db.prepareStatement("DELETE FROM store WHERE key = ?");
        this.deleteAll = db.prepareStatement("DELETE FROM store");
        load();
        db.setAutoCommit(false);
    }

    /** Opens (or creates) the store file with {@link Durability#POWER_LOSS}. */
    public static SqliteBackend open(Path file) {
        return open(file, Durability.POWER_LOSS);
    }

    public static SqliteBackend open(Path file, Durability durability) {
        try {
            return new SqliteBackend(file, durability);
        } catch (SQLException e) {
            throw failure("cannot open " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The journal mode SQLite reports for the open file ({@code wal}). */
    public String journalMode() {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            return r.next() ? r.getString(1) : "";
        } catch (SQLException e) {
            throw failure("journal_mode", e);
        }
    }

    /** Transactions committed so far. */
    public long commits() {
        return commits;
    }

    /** Writes (put, erase, clear) made durable so far. */
    public long committedWrites() {
        return committedWrites;
    }

    private void load() throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT key, value, expiry FROM store")) {
            while (r.next()) {
                Data key = decode(r.getBytes(1));
                Data value = decode(r.getBytes(2));
                long expiry = r.getLong(3);
                OptionalLong e = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(expiry);
                entries.put(key, value, e);
            }
        }
    }

    private Data decode(byte[] b) {
        try {
            return BinaryFormat.decode(b);
        } catch (DecodeException e) {
            throw new BrokerException(
                    ErrorCode.BACKEND_FAILURE, "undecodable row in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Entry> get(Data key) {
        return entries.get(key);
    }

    @Override
    public void put(Data key, Data value, OptionalLong expiresAt) {
        try {
            upsert.setBytes(1, BinaryFormat.encode(key));
            upsert.setBytes(2, BinaryFormat.encode(value));
            if (expiresAt.isPresent()) {
                upsert.setLong(3, expiresAt.getAsLong());
            } else {
                upsert.setNull(3, java.sql.Types.INTEGER);
            }
            upsert.addBatch(); // run with the batch's other upserts at the next erase, clear or commit
            batchedUpserts++;
        } catch (SQLException e) {
            throw failure("put", e);
        }
        written();
        entries.put(key, value, expiresAt);
    }

    @Override
    public boolean erase(Data key) {
        if (entries.get(key).isEmpty()) {
            return false;
        }
        try {
            flushUpserts();
            delete.setBytes(1, BinaryFormat.encode(key));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("erase", e);
        }
        written();
        entries.erase(key);
        return true;
    }

    @Override
    public void clear() {
        try {
            flushUpserts();
            deleteAll.executeUpdate();
        } catch (SQLException e) {
            throw failure("clear", e);
        }
        written();
        entries.clear();
    }

    /** Runs the batched upserts (in order, before any later statement of the transaction). */
    private void flushUpserts() throws SQLException {
        if (batchedUpserts > 0) {
            batchedUpserts = 0;
            upsert.executeBatch();
        }
    }

    private void written() {
        inTransaction = true;
        pendingWrites++;
    }

    /** Commits the open transaction: every write so far is then durable. */
    @Override
    public void commit() {
        if (!inTransaction) {
            return;
        }
        try {
            flushUpserts();
            db.commit();
        } catch (SQLException e) {
            rollbackToDisk();
            throw failure("commit (the uncommitted writes are undone)", e);
        }
        inTransaction = false;
        commits++;
        committedWrites += pendingWrites;
        pendingWrites = 0;
    }

    /** After a failed commit: memory goes back to what the file holds. */
    private void rollbackToDisk() {
        inTransaction = false;
        pendingWrites = 0;
        batchedUpserts = 0;
        try {
            upsert.clearBatch();
            db.rollback();
            entries.clear();
            load();
        } catch (SQLException ignored) {
            // the next write fails the same way and reports it
        }
    }

    @Override
    public List<Data> keys() {
        return entries.keys();
    }

    @Override
    public Map<Data, Data> snapshot() {
        return entries.snapshot();
    }

    @Override
    public List<Data> expiredBefore(long nowNanos) {
        return entries.expiredBefore(nowNanos);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public void close() {
        try {
            commit();
        } finally {
            try {
                db.close();
            } catch (SQLException e) {
                throw failure("close", e);
            }
        }
    }

    private static BrokerException failure(String what, SQLException e) {
        return new BrokerException(ErrorCode.BACKEND_FAILURE, "sqlite " + what + ": " + e.getMessage(), e);
    }
}
