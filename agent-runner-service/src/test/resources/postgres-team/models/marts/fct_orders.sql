select o.order_id, o.status, o.amount, c.customer_name
from {{ ref('stg_orders') }} o
left join {{ ref('stg_customers') }} c using (customer_id)
