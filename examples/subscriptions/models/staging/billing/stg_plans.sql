select
    plan_code,
    plan_name,
    case plan_code
    {%- for mapping in var('plan_tiers') %}
        when '{{ mapping.plan_code }}' then '{{ mapping.tier }}'
    {%- endfor %}
    end as tier,
    lower(billing_period) as billing_period,
    {{ billing_utils.cents_to_dollars('price_cents') }} as seat_price
from {{ source('billing', 'plans') }}
