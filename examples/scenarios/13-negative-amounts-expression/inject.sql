-- The billing export writes some refunded invoices with a negative amount instead of issuing a
-- credit note: one invoice in forty.
update raw_billing.invoices set amount_cents = -amount_cents where invoice_id % 40 = 0;
