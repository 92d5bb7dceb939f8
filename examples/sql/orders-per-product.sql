-- A bounded job: 1000 generated orders, counted per product and printed (the TaskManagers'
-- .out files), while the orders of product 1 go to CSV files under out/ in the job's directory.
-- Both INSERTs run as one Flink job (one statement set); it ends when the generator has sent all.
SET 'pipeline.name' = 'orders per product';

CREATE TABLE orders (
  product INT,
  amount DOUBLE
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1000',
  'fields.product.min' = '1',
  'fields.product.max' = '5'
);

CREATE TABLE totals (
  product INT,
  orders BIGINT
) WITH ('connector' = 'print');

CREATE TABLE product_one (
  product INT,
  amount DOUBLE
) WITH ('connector' = 'filesystem', 'path' = 'out/product-one', 'format' = 'csv');

INSERT INTO totals SELECT product, COUNT(*) FROM orders GROUP BY product;
INSERT INTO product_one SELECT product, amount FROM orders WHERE product = 1;
