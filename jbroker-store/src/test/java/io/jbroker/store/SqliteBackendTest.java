package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on the SQLite backend, plus what only a file can do. */
class SqliteBackendTest extends BackendConformanceTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store.sqlite");
    }

    @Override
    Backend create() {
        return SqliteBackend.open(file());
    }

    @Override
    Backend reopen(Backend b) {
        b.close();
        return SqliteBackend.open(file());
    }

    @Test
    void opensInWalModeAndCommitsInBatches() {
        try (SqliteBackend b = SqliteBackend.open(dir.resolve("wal.sqlite"))) {
            assertThat(b.journalMode()).isEqualToIgnoringCase("wal");
            for (int i = 0; i < 1000; i++) {
                b.put(Data.count(i), Data.string("v" + i), OptionalLong.empty());
            }
            b.commit();
            b.commit(); // nothing pending: no transaction
            assertThat(b.commits()).isEqualTo(1);
            assertThat(b.committedWrites()).isEqualTo(1000);
        }
    }

    @Test
    void uncommittedWritesAreNotInTheFile() {
        SqliteBackend b = SqliteBackend.open(dir.resolve("un.sqlite"));
        b.put(Data.string("durable"), Data.count(1), OptionalLong.empty());
        b.commit();
        b.put(Data.string("pending"), Data.count(2), OptionalLong.empty());
        try (SqliteBackend other = SqliteBackend.open(dir.resolve("un.sqlite"))) {
            assertThat(other.keys()).containsExactly(Data.string("durable"));
        } finally {
            b.close();
        }
    }
}
