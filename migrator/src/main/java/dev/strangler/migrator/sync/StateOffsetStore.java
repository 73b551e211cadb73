package dev.strangler.migrator.sync;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offsets in the state database ({@code strangler.sync_offsets}), one set per stream, so a restarted or
 * taken-over sync resumes exactly where the last committed offset says. Debezium creates it by class name
 * ({@code offset.storage}); {@link ChangeStream} passes the address in the {@code offset.storage.strangler.*}
 * properties. Offsets are written after the events before them were applied: delivery is at least once.
 */
public final class StateOffsetStore extends MemoryOffsetBackingStore {

    static final String PREFIX = "offset.storage.strangler.";

    private static final String LOAD = "SELECT offset_key, offset_value FROM strangler.sync_offsets WHERE stream = ?";
    private static final String SAVE = """
            INSERT INTO strangler.sync_offsets (stream, offset_key, offset_value, updated_at) VALUES (?, ?, ?, now())
            ON CONFLICT (stream, offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value,
                updated_at = EXCLUDED.updated_at""";

    private String url;
    private Properties credentials;
    private String stream;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> settings = config.originalsStrings();
        url = required(settings, "url");
        stream = required(settings, "stream");
        credentials = new Properties();
        credentials.setProperty("user", required(settings, "user"));
        credentials.setProperty("password", settings.getOrDefault(PREFIX + "password", ""));
    }

    private static String required(Map<String, String> settings, String key) {
        String value = settings.get(PREFIX + key);
        if (value == null) {
            throw new ConnectException(PREFIX + key + " is required");
        }
        return value;
    }

    @Override
    public synchronized void start() {
        super.start();
        Map<ByteBuffer, ByteBuffer> loaded = new HashMap<>();
        try (Connection connection = connect(); PreparedStatement load = connection.prepareStatement(LOAD)) {
            load.setString(1, stream);
            try (ResultSet rows = load.executeQuery()) {
                while (rows.next()) {
                    byte[] value = rows.getBytes(2);
                    loaded.put(ByteBuffer.wrap(rows.getBytes(1)), value == null ? null : ByteBuffer.wrap(value));
                }
            }
        } catch (SQLException e) {
            throw new ConnectException("cannot read the offsets of stream " + stream + ": " + e.getMessage(), e);
        }
        data.putAll(loaded);
    }

    @Override
    protected void save() {
        Map<ByteBuffer, ByteBuffer> snapshot = new HashMap<>(data);
        try (Connection connection = connect(); PreparedStatement save = connection.prepareStatement(SAVE)) {
            connection.setAutoCommit(false);
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : snapshot.entrySet()) {
                save.setString(1, stream);
                save.setBytes(2, bytes(entry.getKey()));
                save.setBytes(3, entry.getValue() == null ? null : bytes(entry.getValue()));
                save.addBatch();
            }
            save.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw new ConnectException("cannot write the offsets of stream " + stream + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
