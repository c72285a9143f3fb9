select
    cast(ordered_at as date) as order_date,
    count(*) as orders,
    sum(amount_paid_eur) as revenue_eur
from {{ ref('fct_orders') }}
where order_status not in ('cancelled', 'returned')
group by order_date
