select
    event_id,
    account_id,
    lower(event_type) as event_type,
    quantity,
    event_at,
    cast(event_at as date) as usage_date
from {{ source('product', 'usage_events') }}
