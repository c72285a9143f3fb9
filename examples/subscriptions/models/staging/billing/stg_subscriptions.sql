select
    subscription_id,
    account_id,
    plan_code,
    lower(status) as status,
    seats,
    started_at,
    canceled_at
from {{ source('billing', 'subscriptions') }}
