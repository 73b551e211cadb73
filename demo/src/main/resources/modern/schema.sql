-- The modern system's schema: what the Northwind data becomes after migration.
--
-- Designed for the new application, not copied from legacy: real types (numeric money, integer quantities,
-- booleans), contacts and addresses normalised out of the customer row, and the constraints the business states.
-- The migration plan's validation rules (northwind-plan.yaml) mirror these constraints, so a customer whose legacy
-- data would violate one is reported as INVALID and stays on legacy, instead of failing half-way through a load.

-- Reference data, seeded from Northwind (reference-data.sql) so that migrated orders keep their products and
-- shippers, and customers can place new orders in modern.
CREATE TABLE shipper (
    id      smallint PRIMARY KEY,
    name    text NOT NULL CHECK (btrim(name) <> ''),
    phone   text
);

CREATE TABLE product (
    id              smallint PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (btrim(name) <> ''),
    quantity_per_unit text,
    unit_price      numeric(10, 2) NOT NULL CHECK (unit_price >= 0),
    discontinued    boolean NOT NULL DEFAULT false
);

-- A customer keeps the Northwind key (ALFKI, ...): it is the user key the proxy routes on. customer_since is the
-- date the customer first bought, when legacy recorded one (the generated large data sets do; Northwind does not).
CREATE TABLE customer (
    id              varchar(5) PRIMARY KEY CHECK (id ~ '^[A-Z]{5}$'),
    company_name    text NOT NULL CHECK (company_name <> '' AND company_name = btrim(company_name)),
    customer_since  date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The person the company deals with. Phones are stored as written but must be complete numbers: at least eight
-- digits (area code included), made only of digits, spaces and + ( ) - . so that they can be dialled.
CREATE TABLE contact (
    customer_id     varchar(5) PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (btrim(name) <> ''),
    title           text,
    email           text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    phone           text NOT NULL CHECK (phone ~ '^[+]?[0-9 ().-]+$'
                                         AND length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 8),
    fax             text CHECK (fax ~ '^[+]?[0-9 ().-]+$')
);

-- The billing address. A postal code is required (invoices and shipping labels need one); where a country's
-- addresses need a state or province (USA, Canada, Brazil), it is the two-letter code the carriers use.
CREATE TABLE address (
    customer_id     varchar(5) PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
    street          text NOT NULL CHECK (btrim(street) <> ''),
    city            text NOT NULL CHECK (btrim(city) <> ''),
    region          text,
    postal_code     text NOT NULL CHECK (postal_code ~ '^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$'),
    country         text NOT NULL CHECK (btrim(country) <> ''),
    CHECK (country NOT IN ('USA', 'Canada', 'Brazil') OR region ~ '^[A-Z]{2}$')
);

-- Orders placed in modern take ids from 20000 up: above every Northwind order id (11077 at most) and inside the
-- legacy column's smallint range, so a rollback can copy them back into legacy's orders table unchanged.
CREATE SEQUENCE customer_order_id_seq START WITH 20000 MAXVALUE 32767;

CREATE TABLE customer_order (
    id              integer PRIMARY KEY DEFAULT nextval('customer_order_id_seq'),
    customer_id     varchar(5) NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    ordered_on      date NOT NULL,
    required_on     date CHECK (required_on >= ordered_on),
    shipped_on      date CHECK (shipped_on >= ordered_on),
    shipper_id      smallint REFERENCES shipper (id),
    freight         numeric(10, 2) NOT NULL DEFAULT 0 CHECK (freight >= 0),
    ship_name       text NOT NULL,
    ship_street     text NOT NULL,
    ship_city       text NOT NULL,
    ship_region     text,
    ship_postal_code text NOT NULL CHECK (ship_postal_code ~ '^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$'),
    ship_country    text NOT NULL,
    CHECK (ship_country NOT IN ('USA', 'Canada', 'Brazil') OR ship_region ~ '^[A-Z]{2}$')
);
ALTER SEQUENCE customer_order_id_seq OWNED BY customer_order.id;
CREATE INDEX customer_order_customer ON customer_order (customer_id, ordered_on);

CREATE TABLE order_line (
    order_id        integer NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    product_id      smallint NOT NULL REFERENCES product (id),
    unit_price      numeric(10, 2) NOT NULL CHECK (unit_price >= 0),
    quantity        integer NOT NULL CHECK (quantity > 0),
    discount        numeric(4, 3) NOT NULL DEFAULT 0 CHECK (discount >= 0 AND discount < 1),
    PRIMARY KEY (order_id, product_id)
);
