-- The billing platform exported invoices of twelve accounts it did not export: the invoices
-- reference account ids 501 to 512, which are not in raw_billing.accounts.
insert into raw_billing.invoices
select 90000 + i, 500 + i, null, 4000 * i, 'USD', now() - interval 1 day, now() + interval 13 day,
       now() - interval 2 hour
from range(1, 13) t(i);
