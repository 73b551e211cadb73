-- The modern schema the legacy data moves into, with the proper types.
CREATE TABLE customer (
    id       text PRIMARY KEY,
    name     text NOT NULL,
    contact  varchar(30),
    country  text,
    since    date
);
CREATE TABLE customer_order (
    id           integer PRIMARY KEY,
    customer_id  text NOT NULL REFERENCES customer,
    ordered_at   timestamp,
    freight      numeric(12, 2)
);
CREATE TABLE order_line (
    order_id    integer  NOT NULL REFERENCES customer_order,
    product_id  integer  NOT NULL,
    unit_price  numeric(10, 2) NOT NULL,
    quantity    smallint NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
