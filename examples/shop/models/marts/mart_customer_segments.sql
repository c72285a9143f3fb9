select
    customer_id,
    country,
    case
        when order_count >= 10 then 'loyal'
        when order_count >= 3 then 'returning'
        when order_count >= 1 then 'new'
        else 'prospect'
    end as segment
from {{ ref('dim_customers') }}
