select id as order_id, customer_id, lower(status) as status, amount
from {{ source('app', 'orders') }}
