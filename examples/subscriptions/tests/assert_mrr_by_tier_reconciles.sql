-- MRR by tier must add up to the MRR of all subscriptions: a subscription whose plan has no tier
-- silently drops out of the board report.
with by_tier as (
    select coalesce(sum(mrr), 0) as mrr from {{ ref('mart_mrr_by_tier') }}
),

all_subscriptions as (
    select coalesce(sum(mrr), 0) as mrr from {{ ref('fct_subscriptions') }}
)

select by_tier.mrr as tier_mrr, all_subscriptions.mrr as total_mrr
from by_tier cross join all_subscriptions
where abs(by_tier.mrr - all_subscriptions.mrr) > 0.005
