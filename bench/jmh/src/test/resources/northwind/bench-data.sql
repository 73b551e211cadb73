-- A benchmark data set on the test legacy schema: CUSTOMERS customers, 15 orders each, 40 lines per customer
-- (2 or 3 per order); CUSTOMERS is replaced by the benchmark (at most 1200: order ids are smallint).
INSERT INTO customers (customer_id, company_name, contact_name, country, customer_since)
SELECT 'C' || lpad(c::text, 4, '0'), 'Company ' || c, 'Contact ' || c, 'Country ' || (c % 20),
       (DATE '1995-01-01' + c % 1000)::text
FROM generate_series(1, CUSTOMERS) AS c;

INSERT INTO orders (order_id, customer_id, order_date, freight, ship_country)
SELECT 11000 + (c - 1) * 15 + o, 'C' || lpad(c::text, 4, '0'), DATE '1996-07-04' + (c * 7 + o) % 700,
       ((c * 31 + o * 17) % 10000) / 100.0, 'Country ' || (c % 20)
FROM generate_series(1, CUSTOMERS) AS c, generate_series(1, 15) AS o;

INSERT INTO order_details (order_id, product_id, unit_price, quantity)
SELECT 11000 + (c - 1) * 15 + o, p, (p * 3.25)::real, 1 + (c + o + p) % 20
FROM generate_series(1, CUSTOMERS) AS c, generate_series(1, 15) AS o, generate_series(1, 3) AS p
WHERE p < 3 OR o <= 10;
