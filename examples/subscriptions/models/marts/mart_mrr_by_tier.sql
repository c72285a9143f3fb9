-- MRR per commercial tier, one row for every tier of vars.plan_tiers (a tier without revenue
-- shows 0). Subscriptions of a plan without a tier are not in any row.
with tiers as (
    {%- for tier in var('plan_tiers') | map(attribute='tier') | unique %}
    select '{{ tier }}' as tier
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

mrr as (
    select
        tier,
        count(*) as paying_subscriptions,
        sum(mrr) as mrr
    from {{ ref('int_subscription_mrr') }}
    where status in ('active', 'past_due')
    group by tier
)

select
    tiers.tier,
    coalesce(mrr.paying_subscriptions, 0) as paying_subscriptions,
    coalesce(mrr.mrr, 0) as mrr
from tiers
left join mrr
    on tiers.tier = mrr.tier
