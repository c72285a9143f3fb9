-- The shop introduces a new order status: orders waiting for a fraud review are "on_hold".
update raw_shop.orders set status = 'on_hold' where order_id % 97 = 0;
