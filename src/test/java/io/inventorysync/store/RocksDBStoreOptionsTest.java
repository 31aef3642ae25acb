package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.CompressionType;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.OptionsUtil;

/**
 * The options the store's column families were opened with, as RocksDB itself persisted them (its OPTIONS file):
 * item key spaces uncompressed with four write buffers, so that ingest does not wait for compressing flushes.
 */
class RocksDBStoreOptionsTest {

    @TempDir
    Path dir;

    @Test
    void everyColumnFamilyIsUncompressedWithFourWriteBuffers() throws Exception {
        RocksDBStore store = new RocksDBStore(dir.resolve("db"));
        store.start();
        store.stop();
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        try (ConfigOptions config = new ConfigOptions();
                DBOptions db = new DBOptions()) {
            OptionsUtil.loadLatestOptions(config, dir.resolve("db").toString(), db, families);
            List<String> names = new ArrayList<>();
            for (ColumnFamilyDescriptor family : families) {
                names.add(new String(family.getName()));
                assertThat(family.getOptions().compressionType())
                        .as(names.get(names.size() - 1))
                        .isEqualTo(CompressionType.NO_COMPRESSION);
                assertThat(family.getOptions().maxWriteBufferNumber()).isEqualTo(4);
                assertThat(family.getOptions().writeBufferSize()).isEqualTo(64L << 20);
                family.getOptions().close();
            }
            assertThat(names).contains("payload", "context", "groups", "completed");
        }
    }
}
