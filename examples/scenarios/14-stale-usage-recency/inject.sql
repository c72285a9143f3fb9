-- The product's event pipeline stopped three days ago: no usage event is newer than that.
update raw_product.usage_events
set event_at = event_at - interval 3 day, _loaded_at = _loaded_at - interval 3 day;
