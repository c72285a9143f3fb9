-- The billing platform's new export format no longer has the seats column of subscriptions.
alter table raw_billing.subscriptions drop column seats;
