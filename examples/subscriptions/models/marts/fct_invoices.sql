select
    invoices.invoice_id,
    invoices.account_id,
    invoices.subscription_id,
    invoices.amount,
    invoices.currency,
    invoices.issued_at,
    invoices.due_at,
    coalesce(payments.amount_paid, 0) as amount_paid,
    coalesce(payments.amount_paid, 0) >= invoices.amount as is_paid
from {{ ref('stg_invoices') }} as invoices
left join {{ ref('int_invoice_payments') }} as payments
    on invoices.invoice_id = payments.invoice_id
