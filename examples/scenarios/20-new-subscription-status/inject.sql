-- Billing introduces a new subscription status: customers may pause a subscription ("paused").
update raw_billing.subscriptions set status = 'paused', updated_at = now() - interval 3 hour
where subscription_id % 11 = 0 and status = 'active';
