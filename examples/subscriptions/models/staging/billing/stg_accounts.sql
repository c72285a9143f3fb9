select
    account_id,
    trim(account_name) as account_name,
    upper(country) as country,
    is_test,
    created_at
from {{ source('billing', 'accounts') }}
