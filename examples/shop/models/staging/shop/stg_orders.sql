select
    order_id,
    customer_id,
    cast(ordered_at as timestamp) as ordered_at,
    lower(status) as status,
    upper(currency) as currency
from {{ source('shop', 'orders') }}
