select
    payment_id,
    order_id,
    lower(method) as payment_method,
    amount_cents / 100.0 as amount,
    paid_at
from {{ source('shop', 'payments') }}
