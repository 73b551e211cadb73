-- Rebuilds what before-copy.sql dropped, once the generated rows are in, and adds the index every per-customer
-- fetch of the migration plan needs. orders keeps no foreign key to customers: orphan orders are part of the mess.
ALTER TABLE customers ADD CONSTRAINT pk_customers PRIMARY KEY (customer_id);
ALTER TABLE customer_customer_demo ADD CONSTRAINT fk_customer_customer_demo_customers
    FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE orders ADD CONSTRAINT pk_orders PRIMARY KEY (order_id);
ALTER TABLE orders ADD CONSTRAINT fk_orders_employees FOREIGN KEY (employee_id) REFERENCES employees;
ALTER TABLE orders ADD CONSTRAINT fk_orders_shippers FOREIGN KEY (ship_via) REFERENCES shippers;
CREATE INDEX orders_customer_id ON orders (customer_id);
ALTER TABLE order_details ADD CONSTRAINT pk_order_details PRIMARY KEY (order_id, product_id);
ALTER TABLE order_details ADD CONSTRAINT fk_order_details_orders FOREIGN KEY (order_id) REFERENCES orders;
ALTER TABLE order_details ADD CONSTRAINT fk_order_details_products FOREIGN KEY (product_id) REFERENCES products;
ANALYZE customers;
ANALYZE orders;
ANALYZE order_details;
