-- The billing platform's hourly export of invoices has been stuck for three days.
update raw_billing.invoices set _loaded_at = now() - interval 3 day;
