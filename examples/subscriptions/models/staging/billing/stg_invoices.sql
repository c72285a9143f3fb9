select
    invoice_id,
    account_id,
    subscription_id,
    {{ billing_utils.cents_to_dollars('amount_cents') }} as amount,
    upper(currency) as currency,
    issued_at,
    due_at
from {{ source('billing', 'invoices') }}
