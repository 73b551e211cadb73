-- The test Northwind of legacy.sql in MySQL/MariaDB's dialect (InnoDB), for a MySQL-dialect legacy: the same
-- rows, dates kept as text, FLOAT for money, and an invoices table of exact decimals with an integer user key.
CREATE TABLE customers (
    customer_id   VARCHAR(5)  PRIMARY KEY,
    company_name  VARCHAR(40) NOT NULL,
    contact_name  VARCHAR(30),
    country       VARCHAR(15),
    customer_since VARCHAR(10),
    migrated_at   DATETIME(6)
) ENGINE = InnoDB;
CREATE TABLE orders (
    order_id      SMALLINT    PRIMARY KEY,
    customer_id   VARCHAR(5)  NOT NULL,
    order_date    DATE,
    freight       DECIMAL(10, 2),
    ship_country  VARCHAR(15),
    FOREIGN KEY (customer_id) REFERENCES customers (customer_id)
) ENGINE = InnoDB;
CREATE TABLE order_details (
    order_id      SMALLINT    NOT NULL,
    product_id    SMALLINT    NOT NULL,
    unit_price    FLOAT       NOT NULL,
    quantity      SMALLINT    NOT NULL,
    PRIMARY KEY (order_id, product_id),
    FOREIGN KEY (order_id) REFERENCES orders (order_id)
) ENGINE = InnoDB;
CREATE TABLE invoices (
    id            INT PRIMARY KEY,
    customer      INT NOT NULL,
    total         DECIMAL(10, 2) NOT NULL,
    precise       DECIMAL(38, 10) NOT NULL,
    weight        FLOAT NOT NULL,
    migrated_at   DATETIME(6),
    KEY (customer)
) ENGINE = InnoDB;
CREATE TABLE big_users (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, active TINYINT(1) NOT NULL,
    migrated_at DATETIME(6)) ENGINE = InnoDB;

INSERT INTO customers VALUES
    ('ALFKI', 'Alfreds Futterkiste ', 'Maria Anders', 'Germany', '1996-07-04', NULL),
    ('ANATR', 'Ana Trujillo Emparedados', 'Ana Trujillo', 'Mexico', '1997-09-18', NULL),
    ('AROUT', 'Around the Horn', 'Thomas Hardy', 'UK', '1996-11-15', NULL),
    ('BERGS', 'Berglunds snabbkop', 'Christina Berglund', 'Sweden', '1996-08-12', NULL),
    ('BLANK', '', 'Nobody', NULL, '1998-01-01', NULL),
    ('NOCTY', 'No Country Ltd', 'Jan Novak', NULL, '1998-02-02', NULL),
    ('NOCT2', 'Also No Country', 'Eva Novak', NULL, '1998-03-03', NULL),
    ('SLOWW', 'Slow Legacy Inc', 'Sam Slow', 'France', '1997-01-01', NULL),
    ('KILLD', 'Killed Connections', 'Kim Kill', 'France', '1997-01-02', NULL),
    ('TIMEO', 'Timed Out GmbH', 'Tim Out', 'Austria', '1997-01-03', NULL),
    ('REFUS', 'Refused Cleaning', 'Rita Fuse', 'Spain', '1997-01-04', NULL),
    ('CONCU', 'Concurrent Co', 'Con Current', 'Italy', '1997-01-05', NULL);

INSERT INTO orders VALUES
    (10643, 'ALFKI', '1997-08-25', 29.46, 'Germany'),
    (10692, 'ALFKI', '1997-10-03', 61.02, 'Germany'),
    (10702, 'ALFKI', '1997-10-13', 23.94, 'Germany'),
    (10308, 'ANATR', '1996-09-18', 1.61, 'Mexico'),
    (10355, 'AROUT', '1996-11-15', 41.95, 'UK'),
    (10278, 'BERGS', '1996-08-12', 92.69, 'Sweden'),
    (10900, 'BLANK', '1998-01-02', -5.00, NULL),
    (10901, 'NOCTY', '1998-02-03', 10.00, 'Czechia'),
    (10902, 'NOCT2', '1998-03-04', 11.00, 'Czechia'),
    (10903, 'SLOWW', '1997-02-01', 12.00, 'France'),
    (10904, 'KILLD', '1997-02-02', 13.00, 'France'),
    (10905, 'TIMEO', '1997-02-03', 14.00, 'Austria'),
    (10906, 'REFUS', '1997-02-04', 15.00, 'Spain'),
    (10907, 'CONCU', '1997-02-05', 16.00, 'Italy');

INSERT INTO order_details VALUES
    (10643, 28, 45.6, 15), (10643, 39, 18, 21), (10643, 46, 12, 2),
    (10692, 63, 43.9, 20),
    (10702, 3, 10, 6), (10702, 76, 18, 15),
    (10308, 69, 28.8, 1), (10308, 70, 12, 5),
    (10355, 24, 3.6, 25),
    (10278, 44, 15.5, 16),
    (10900, 1, 1, 0),
    (10901, 2, 2, 2), (10902, 3, 3, 3), (10903, 4, 4, 4), (10904, 5, 5, 5), (10905, 6, 6, 6),
    (10906, 7, 7, 7), (10907, 8, 8, 8);

INSERT INTO invoices VALUES
    (1, 1, 19.99, 0.0000000001, 19.99, NULL),
    (2, 1, 0.01, 1234567890123456789012345678.0123456789, 0.01, NULL),
    (3, 2, 99999999.99, 0.1, 1e-10, NULL),
    (4, 3, 99999999.99, 0.0000000001, 19.99, NULL);
INSERT INTO big_users VALUES (9007199254740992, 'just below', 0, NULL), (9007199254740993, 'beyond a double', 1, NULL);
