select
    order_id,
    customer_id,
    ordered_at,
    status as order_status,
    currency,
    amount_paid,
    amount_paid_eur
from {{ ref('int_orders') }}
