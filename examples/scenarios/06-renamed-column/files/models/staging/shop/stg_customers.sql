select
    customer_id,
    first_name,
    last_name,
    lower(email) as email_address,
    country,
    created_at
from {{ source('shop', 'customers') }}
