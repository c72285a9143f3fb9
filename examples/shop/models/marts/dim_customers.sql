with orders as (
    select
        customer_id,
        min(ordered_at) as first_ordered_at,
        count(*) as order_count
    from {{ ref('stg_orders') }}
    group by customer_id
)

select
    customers.customer_id,
    customers.first_name || ' ' || customers.last_name as full_name,
    customers.email,
    customers.country,
    orders.first_ordered_at,
    coalesce(orders.order_count, 0) as order_count
from {{ ref('stg_customers') }} as customers
left join orders
    on customers.customer_id = orders.customer_id
