-- Turns a freshly loaded Northwind into the shape of a large legacy database, ready for bulk COPY.
--
-- Kept from Northwind: every table, the reference data (products, shippers, employees, ...), the legacy patch.
-- Emptied: customers, orders and order lines, which the generator fills with synthetic data.
-- Changed, as a legacy database that grew for twenty years would have it:
--   * order ids are integer: millions of orders do not fit Northwind's smallint;
--   * orders has no foreign key to customers (many legacy schemas never had one), so orphan orders can exist;
--   * customers gained two columns when the web shop was added: email, and customer_since, a date kept as text
--     because every screen that wrote it used its own format.
-- Keys and foreign keys are dropped during the COPY and rebuilt afterwards (after-copy.sql): building an index
-- once is much faster than maintaining it row by row.
TRUNCATE customer_customer_demo, order_details, orders, customers;

ALTER TABLE customer_customer_demo DROP CONSTRAINT fk_customer_customer_demo_customers;
ALTER TABLE orders DROP CONSTRAINT fk_orders_customers;
ALTER TABLE order_details DROP CONSTRAINT fk_order_details_orders,
                          DROP CONSTRAINT fk_order_details_products,
                          DROP CONSTRAINT pk_order_details;
ALTER TABLE orders DROP CONSTRAINT fk_orders_employees,
                   DROP CONSTRAINT fk_orders_shippers,
                   DROP CONSTRAINT pk_orders;
ALTER TABLE customers DROP CONSTRAINT pk_customers;

ALTER TABLE orders ALTER COLUMN order_id TYPE integer;
ALTER TABLE order_details ALTER COLUMN order_id TYPE integer;

ALTER TABLE customers ADD COLUMN email varchar(100),
                      ADD COLUMN customer_since varchar(20);
