select
    invoice_id,
    sum(amount) as amount_paid,
    count(*) as payment_count,
    max(paid_at) as last_paid_at
from {{ ref('stg_payments') }}
group by invoice_id
