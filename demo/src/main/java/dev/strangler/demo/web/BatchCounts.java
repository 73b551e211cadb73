package dev.strangler.demo.web;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * Checks that every line of a new order was inserted. Lines are inserted with {@code INSERT ... SELECT} from the
 * catalogue, so a product that does not exist or is no longer sold inserts nothing; that is the customer's mistake,
 * not the server's, and fails the order (and its transaction) with an {@link IllegalArgumentException}.
 */
public final class BatchCounts {

    private BatchCounts() {
    }

    public static Future<RowSet<Row>> requireAll(RowSet<Row> batch, NewOrder order) {
        int index = 0;
        for (RowSet<Row> result = batch; result != null; result = result.next(), index++) {
            if (result.rowCount() == 0) {
                return Future.failedFuture(new IllegalArgumentException("productId: "
                        + order.lines().get(index).productId() + " (expected: a product on sale)"));
            }
        }
        return Future.succeededFuture(batch);
    }
}
