package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseAddressTest {

    @Test
    void parse_fullUrl() {
        DatabaseAddress address = DatabaseAddress.parse("postgresql://app%40x:s%3Acret@db.example:6543/northwind");

        assertThat(address).isEqualTo(new DatabaseAddress("db.example", 6543, "northwind", "app@x", "s:cret"));
        assertThat(address.toString()).isEqualTo("postgresql://app@x:***@db.example:6543/northwind");
        assertThat(DatabaseAddress.parse(address.uri())).isEqualTo(address);
    }

    @Test
    void parse_defaultsPortUserAndPassword() {
        assertThat(DatabaseAddress.parse("postgres://127.0.0.1/modern"))
                .isEqualTo(new DatabaseAddress("127.0.0.1", 5432, "modern", "postgres", ""));
    }

    @Test
    void parse_notAPostgresUrl_saysWhatIsExpected() {
        assertThatThrownBy(() -> DatabaseAddress.parse("mysql://u:secret@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("database URL: mysql://u:***@h/db (expected: postgresql://user:password@host:port/database)");
        assertThatThrownBy(() -> DatabaseAddress.parse("postgresql://h:5432/"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
