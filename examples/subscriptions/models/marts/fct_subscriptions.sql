select
    subscription_id,
    account_id,
    plan_code,
    tier,
    status as subscription_status,
    seats,
    mrr,
    started_at,
    canceled_at
from {{ ref('int_subscription_mrr') }}
