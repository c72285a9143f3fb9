select
    cast(date_trunc('month', issued_at) as date) as revenue_month,
    count(*) as invoices,
    sum(amount) as invoiced
from {{ ref('stg_invoices') }}
group by revenue_month
