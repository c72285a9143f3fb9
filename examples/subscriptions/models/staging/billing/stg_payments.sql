select
    payment_id,
    invoice_id,
    {{ billing_utils.cents_to_dollars('amount_cents') }} as amount,
    lower(method) as payment_method,
    paid_at
from {{ source('billing', 'payments') }}
