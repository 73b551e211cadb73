package dev.strangler.demo.generator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Rows for one table in PostgreSQL's COPY text format, sent to the server in large chunks. Everything sent also
 * goes through a SHA-256 digest, so two runs can be compared byte for byte without reading the database back.
 */
final class CopyBuffer {

    private static final int FLUSH_AT = 1 << 20;

    private final CopyIn copy;
    private final MessageDigest digest;
    private final StringBuilder text = new StringBuilder(FLUSH_AT + 4096);
    private boolean firstField = true;
    private long rows;

    CopyBuffer(CopyIn copy, MessageDigest digest) {
        this.copy = copy;
        this.digest = digest;
    }

    CopyBuffer field(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    CopyBuffer field(long value) {
        separate();
        text.append(value);
        return this;
    }

    /** Ends the row; sends the buffer once it is large. */
    void endRow() throws SQLException {
        text.append('\n');
        firstField = true;
        rows++;
        if (text.length() >= FLUSH_AT) {
            flush();
        }
    }

    long rows() {
        return rows;
    }

    /** Sends what is buffered and ends the COPY; returns the rows the server took. */
    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    private void flush() throws SQLException {
        if (text.length() == 0) {
            return;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        digest.update(bytes);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    private void separate() {
        if (!firstField) {
            text.append('\t');
        }
        firstField = false;
    }
}
