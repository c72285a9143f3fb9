select
    orders.order_id,
    orders.customer_id,
    orders.ordered_at,
    orders.status,
    orders.currency,
    coalesce(payments.amount_paid, 0) as amount_paid,
    coalesce(payments.amount_paid, 0) * rates.rate_to_eur as amount_paid_eur
from {{ ref('stg_orders') }} as orders
left join {{ ref('int_order_payments') }} as payments
    on orders.order_id = payments.order_id
left join {{ ref('stg_fx_rates') }} as rates
    on orders.currency = rates.currency
