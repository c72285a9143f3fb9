with subscriptions as (
    select
        account_id,
        count(*) as subscription_count,
        count(*) filter (where status in ('active', 'past_due')) as active_subscription_count
    from {{ ref('stg_subscriptions') }}
    group by account_id
)

select
    accounts.account_id,
    accounts.account_name,
    accounts.country,
    accounts.is_test,
    cast(accounts.created_at as date) as created_at,
    cast(coalesce(subscriptions.subscription_count, 0) as integer) as subscription_count,
    cast(coalesce(subscriptions.active_subscription_count, 0) as integer) as active_subscription_count
from {{ ref('stg_accounts') }} as accounts
left join subscriptions
    on accounts.account_id = subscriptions.account_id
