-- Monthly recurring revenue per subscription: seats times the seat price, an annual price prorated
-- to 30 days of 365. Only active and past-due subscriptions bring revenue.
select
    subscriptions.subscription_id,
    subscriptions.account_id,
    subscriptions.plan_code,
    plans.tier,
    subscriptions.status,
    subscriptions.seats,
    subscriptions.started_at,
    subscriptions.canceled_at,
    cast(
        case
            when subscriptions.status not in ('active', 'past_due') then 0
            when plans.billing_period = 'annual' then plans.seat_price * subscriptions.seats * 30 / 365
            else plans.seat_price * subscriptions.seats
        end as decimal(16, 2)
    ) as mrr
from {{ ref('stg_subscriptions') }} as subscriptions
left join {{ ref('stg_plans') }} as plans
    on subscriptions.plan_code = plans.plan_code
