-- Billing launches a new plan, scale_monthly (family "scale"), and moves some accounts onto it.
insert into raw_billing.plans values
    ('scale_monthly', 'Scale (monthly)', 'scale', 'monthly', 6500, now() - interval 2 hour);
update raw_billing.subscriptions set plan_code = 'scale_monthly', updated_at = now() - interval 3 hour
where subscription_id % 9 = 0;
