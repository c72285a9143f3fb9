-- The shop's hourly load has been stuck for three days: no order is newer than that.
update raw_shop.orders set _loaded_at = now() - interval '3 days';
